package dev.marquee.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.client.ApiResponse;
import dev.marquee.client.MarqueeClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input is a 4xx with {"error", "code"} naming the problem, and leaves nothing behind. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
    private Path dataDirectory;
    private TestServer server;
    private MarqueeClient client;
    private String datasetId;

    @BeforeAll
    void startWithSmallLimits(@TempDir Path directory) {
        dataDirectory = directory;
        server = TestServer.start(directory, Map.of("max-upload-size", "64KiB", "max-request-size", "8KiB"));
        client = Fixtures.tenant(server, "studio");
        Fixtures.trainChurnModel(client, "churn", 600, 2);
        client.deploy("churn", "churn", 1);
        datasetId = client.get("/v1/datasets").successJson().path("datasets").get(0).path("id").asText();
    }

    @AfterAll
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void raggedCsvNamesTheLine() {
        assertError(upload("a,b,c\n1,2,3\n4,5\n"), 400, "INVALID_ARGUMENT", "line 3");
    }

    @Test
    void invalidCsvIsNeverStored() throws IOException {
        long blobsBefore = storedBlobs();
        assertError(upload("a,b\n1,2\n3\n"), 400, "INVALID_ARGUMENT", "line 3");
        assertThat(storedBlobs()).isEqualTo(blobsBefore);
    }

    private long storedBlobs() throws IOException {
        try (Stream<Path> files = Files.walk(dataDirectory.resolve("artifacts"))) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void emptyCsvIsRejected() {
        assertError(upload(""), 400, "INVALID_ARGUMENT", "empty");
    }

    @Test
    void headerWithoutRowsIsRejected() {
        assertError(upload("a,b\n"), 400, "INVALID_ARGUMENT", "no data rows");
    }

    @Test
    void nonUtf8BytesAreRejected() {
        byte[] body = {'a', ',', 'b', '\n', '1', ',', (byte) 0xC3, (byte) 0x28, '\n'};
        assertError(client.postBytes("/v1/datasets?name=latin", "text/csv", body), 400, "INVALID_ARGUMENT", "UTF-8");
    }

    @Test
    void uploadWithoutNameIsRejected() {
        assertError(client.postBytes("/v1/datasets", "text/csv", "a\n1\n".getBytes(StandardCharsets.UTF_8)),
                400, "INVALID_ARGUMENT", "name");
    }

    @Test
    void oversizedUploadIsRefusedAndLeavesNothingBehind() throws IOException {
        int datasetsBefore = client.get("/v1/datasets").successJson().path("datasets").size();
        String big = "value\n" + "1234567890\n".repeat(10_000);
        assertError(upload(big), 413, "PAYLOAD_TOO_LARGE", "limit");
        assertThat(client.get("/v1/datasets").successJson().path("datasets").size()).isEqualTo(datasetsBefore);
        try (Stream<Path> leftovers = Files.list(dataDirectory.resolve("artifacts").resolve("tmp"))) {
            assertThat(leftovers).isEmpty();
        }
    }

    @Test
    void unknownTargetColumnIsNamed() {
        ApiResponse response = client.post("/v1/training-jobs", Map.of(
                "dataset_id", datasetId, "model_name", "m", "target", "no_such_column", "algorithm", "logistic_regression"));
        assertError(response, 400, "INVALID_ARGUMENT", "no_such_column");
    }

    @Test
    void unknownAlgorithmIsNamed() {
        ApiResponse response = client.post("/v1/training-jobs", Map.of(
                "dataset_id", datasetId, "model_name", "m", "target", "churned", "algorithm", "magic_forest"));
        assertError(response, 400, "INVALID_ARGUMENT", "magic_forest");
    }

    @Test
    void missingRequiredFieldIsNamed() {
        assertError(client.post("/v1/training-jobs", Map.of("dataset_id", datasetId)), 400, "INVALID_ARGUMENT",
                "model_name");
    }

    @Test
    void malformedJsonIsRejected() {
        ApiResponse response = client.postBytes("/v1/endpoints", "application/json", "{\"name\": ".getBytes());
        assertError(response, 400, "INVALID_ARGUMENT", "JSON");
    }

    @Test
    void unknownTensorNameIsNamed() {
        assertError(infer("[{\"name\":\"colour\",\"datatype\":\"FP64\",\"shape\":[1],\"data\":[1.0]}]"),
                400, "INVALID_ARGUMENT", "colour");
    }

    @Test
    void wrongShapeIsRejected() {
        assertError(infer("[{\"name\":\"input\",\"datatype\":\"FP64\",\"shape\":[2,3],\"data\":[1,2,3,4,5]}]"),
                400, "INVALID_ARGUMENT", "shape");
    }

    @Test
    void wrongDatatypeIsNamed() {
        ApiResponse response = infer(Fixtures.churnColumnTensors().replace(
                "{\"name\":\"weekly_hours\",\"datatype\":\"FP64\",\"shape\":[1],\"data\":[3.5]}",
                "{\"name\":\"weekly_hours\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\"lots\"]}"));
        assertError(response, 400, "INVALID_ARGUMENT", "weekly_hours");
    }

    @Test
    void unknownDatatypeIsNamed() {
        assertError(infer("[{\"name\":\"age\",\"datatype\":\"FLOAT\",\"shape\":[1],\"data\":[1.0]}]"),
                400, "INVALID_ARGUMENT", "FLOAT");
    }

    @Test
    void nanIsNotAllowed() {
        assertError(infer(Fixtures.churnColumnTensors().replace("\"data\":[3.5]", "\"data\":[NaN]")), 400, "INVALID_ARGUMENT", "JSON");
        assertError(infer(Fixtures.churnColumnTensors().replace("\"data\":[3.5]", "\"data\":[\"NaN\"]")),
                400, "INVALID_ARGUMENT", "weekly_hours");
    }

    @Test
    void hugeDeclaredShapeIsRejectedBeforeAllocating() {
        assertError(infer("[{\"name\":\"age\",\"datatype\":\"FP64\",\"shape\":[1000000000000],\"data\":[1.0]}]"),
                400, "INVALID_ARGUMENT", "limit");
    }

    @Test
    void oversizedJsonBodyIsRefused() {
        String data = "1.0,".repeat(5000) + "1.0";
        ApiResponse response = infer("[{\"name\":\"age\",\"datatype\":\"FP64\",\"shape\":[5001],\"data\":[" + data + "]}]");
        assertError(response, 413, "PAYLOAD_TOO_LARGE", "max-request-size");
    }

    @Test
    void unknownEndpointIsNotFound() {
        ApiResponse response = client.postBytes("/v2/models/nowhere/infer", "application/json",
                ("{\"inputs\":" + Fixtures.churnColumnTensors() + "}").getBytes(StandardCharsets.UTF_8));
        assertError(response, 404, "NOT_FOUND", "nowhere");
    }

    @Test
    void unknownRouteIsNotFoundAsJson() {
        assertError(client.get("/v1/no-such-thing"), 404, "NOT_FOUND", "/v1/no-such-thing");
    }

    @Test
    void modelStillServesAfterAllTheBadRequests() {
        JsonNode response = client.postBytes("/v2/models/churn/infer", "application/json",
                ("{\"inputs\":" + Fixtures.churnColumnTensors() + "}").getBytes(StandardCharsets.UTF_8)).successJson();
        assertThat(response.path("outputs")).hasSize(2);
    }

    private ApiResponse upload(String csv) {
        return client.postBytes("/v1/datasets?name=bad", "text/csv", csv.getBytes(StandardCharsets.UTF_8));
    }

    private ApiResponse infer(String inputs) {
        return client.postBytes("/v2/models/churn/infer", "application/json",
                ("{\"inputs\":" + inputs + "}").getBytes(StandardCharsets.UTF_8));
    }


    private static void assertError(ApiResponse response, int status, String code, String mentions) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        JsonNode body = response.json();
        assertThat(body.path("code").asText()).isEqualTo(code);
        assertThat(body.path("error").asText()).containsIgnoringCase(mentions);
    }
}
