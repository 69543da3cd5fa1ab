package dev.marquee.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.client.ApiResponse;
import dev.marquee.client.MarqueeClient;
import dev.marquee.client.OipRequests;
import dev.marquee.core.SampleDatasets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole path over HTTP only: tenant, key, upload, train, deploy, infer. */
class EndToEndTest {
    @TempDir
    Path dataDirectory;

    @Test
    void trainedClassifierServesPredictionsAsGoodAsItsTestMetrics() {
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient client = Fixtures.tenant(server, "studio")) {
            JsonNode job = Fixtures.trainChurnModel(client, "churn", 4000, 11);
            double testAccuracy = job.path("metrics").path("accuracy").asDouble();
            assertThat(job.path("model_version").asInt()).isEqualTo(1);
            assertThat(testAccuracy).isGreaterThan(0.8);

            JsonNode endpoint = client.deploy("churn", "churn", 1);
            assertThat(endpoint.path("version").asInt()).isEqualTo(1);

            JsonNode metadata = client.get("/v2/models/churn").successJson();
            assertThat(metadata.path("outputs").findValuesAsText("name"))
                    .containsExactly("predict", "probabilities", "contributions");

            List<Map<String, String>> rows = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            freshViewers(2000, 99, rows, labels);
            Map<String, Object> request = new LinkedHashMap<>(OipRequests.fromRows(metadata, rows));
            request.put("id", "batch-1");
            JsonNode response = client.infer("churn", request).successJson();

            assertThat(response.path("id").asText()).isEqualTo("batch-1");
            assertThat(response.path("model_name").asText()).isEqualTo("churn");
            assertThat(response.path("model_version").asText()).isEqualTo("1");
            JsonNode predict = output(response, "predict");
            JsonNode probabilities = output(response, "probabilities");
            assertThat(predict.path("datatype").asText()).isEqualTo("BYTES");
            assertThat(probabilities.path("shape").toString()).isEqualTo("[" + rows.size() + ",2]");
            int correct = 0;
            for (int row = 0; row < rows.size(); row++) {
                if (predict.path("data").get(row).asText().equals(labels.get(row))) {
                    correct++;
                }
                double sum = probabilities.path("data").get(2 * row).asDouble()
                        + probabilities.path("data").get(2 * row + 1).asDouble();
                assertThat(sum).isCloseTo(1.0, within(1e-4));
            }
            double servedAccuracy = (double) correct / rows.size();
            assertThat(servedAccuracy).isGreaterThan(0.8).isCloseTo(testAccuracy, within(0.05));
        }
    }

    @Test
    void requestingOneOutputReturnsOnlyThatOutput() {
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient client = Fixtures.tenant(server, "studio")) {
            Fixtures.trainChurnModel(client, "churn", 1000, 3);
            client.deploy("churn", "churn", 1);
            JsonNode metadata = client.get("/v2/models/churn").successJson();
            List<Map<String, String>> rows = new ArrayList<>();
            freshViewers(5, 5, rows, new ArrayList<>());
            Map<String, Object> request = new LinkedHashMap<>(OipRequests.fromRows(metadata, rows));
            request.put("outputs", List.of(Map.of("name", "probabilities")));
            ApiResponse response = client.infer("churn", request);
            assertThat(response.successJson().path("outputs").findValuesAsText("name")).containsExactly("probabilities");
        }
    }

    @Test
    void regressorRecoversAKnownLinearRelationAndTakesAMatrixInput() {
        StringBuilder csv = new StringBuilder("x1,x2,y\n");
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (int row = 0; row < 500; row++) {
            double x1 = random.nextDouble() * 10;
            double x2 = random.nextDouble() * 4 - 2;
            csv.append(x1).append(',').append(x2).append(',').append(3 * x1 - 2 * x2 + 5 + (random.nextDouble() - 0.5) * 0.1)
                    .append('\n');
        }
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient client = Fixtures.tenant(server, "studio")) {
            String datasetId = client.uploadDataset("linear", csv.toString()).path("id").asText();
            JsonNode job = client.train(datasetId, "line", "y", "linear_regression", Map.of(), 1);
            JsonNode finished = client.awaitJob(job.path("id").asText(), java.time.Duration.ofMinutes(2), state -> {});
            assertThat(finished.path("metrics").path("r2").asDouble()).isGreaterThan(0.999);
            client.deploy("line", "line", 1);

            JsonNode response = client.infer("line", Map.of("inputs", List.of(Map.of(
                    "name", "input", "datatype", "FP32", "shape", List.of(2, 2), "data", List.of(List.of(1, 0), List.of(2, 1))))))
                    .successJson();
            JsonNode predict = output(response, "predict");
            assertThat(predict.path("datatype").asText()).isEqualTo("FP64");
            assertThat(predict.path("data").get(0).asDouble()).isCloseTo(8.0, within(0.05));
            assertThat(predict.path("data").get(1).asDouble()).isCloseTo(9.0, within(0.05));
        }
    }

    static JsonNode output(JsonNode response, String name) {
        for (JsonNode output : response.path("outputs")) {
            if (output.path("name").asText().equals(name)) {
                return output;
            }
        }
        throw new AssertionError("no output " + name + " in " + response);
    }

    /** Rows of newly generated viewers (never seen in training), without the target, and their true labels. */
    static void freshViewers(int count, long seed, List<Map<String, String>> rows, List<String> labels) {
        String[] lines = SampleDatasets.viewerChurn(count, seed).split("\n");
        String[] header = lines[0].split(",");
        for (int line = 1; line < lines.length; line++) {
            String[] cells = lines[line].split(",", -1);
            Map<String, String> row = new HashMap<>();
            String label = null;
            boolean complete = true;
            for (int column = 0; column < header.length; column++) {
                if (header[column].equals(Fixtures.TARGET)) {
                    label = cells[column];
                } else if (cells[column].isEmpty()) {
                    complete = false;
                } else {
                    row.put(header[column], cells[column]);
                }
            }
            if (complete) {
                rows.add(row);
                labels.add(label);
            }
        }
    }
}
