package dev.marquee.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.client.ApiResponse;
import dev.marquee.client.MarqueeClient;
import dev.marquee.client.OipRequests;
import dev.marquee.store.JdbcMetadataStore;
import dev.marquee.store.MetadataStore;
import dev.marquee.store.TrainingJobRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everything survives a restart on the same data directory; damaged artifacts are detected, never served. */
class RestartTest {
    @TempDir
    Path dataDirectory;

    @Test
    void endpointServesIdenticalPredictionsAfterRestart() {
        String tenantKey;
        Map<String, Object> request;
        JsonNode before;
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient client = Fixtures.tenant(server, "studio")) {
            tenantKey = tenantKeyOf(client);
            Fixtures.trainChurnModel(client, "churn", 1500, 4);
            client.deploy("churn", "churn", 1);
            request = requestFor(client, "churn");
            before = client.infer("churn", request).successJson();
        }
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient client = server.operator().withApiKey(tenantKey)) {
            JsonNode after = client.infer("churn", request).successJson();
            assertThat(after).isEqualTo(before);
            assertThat(client.get("/v1/models/churn/versions/1").successJson().path("manifest").path("algorithm").asText())
                    .isEqualTo("logistic_regression");
        }
    }

    @Test
    void corruptedArtifactIsReportedAndNotServed() throws IOException {
        String tenantKey;
        String sha256;
        Map<String, Object> request;
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient client = Fixtures.tenant(server, "studio")) {
            tenantKey = tenantKeyOf(client);
            Fixtures.trainChurnModel(client, "churn", 800, 5);
            client.deploy("churn", "churn", 1);
            request = requestFor(client, "churn");
            sha256 = client.get("/v1/models/churn/versions/1").successJson().path("artifact_sha256").asText();
        }
        Path artifact = dataDirectory.resolve("artifacts").resolve(sha256.substring(0, 2)).resolve(sha256.substring(2));
        byte[] bytes = Files.readAllBytes(artifact);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(artifact, bytes);

        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient client = server.operator().withApiKey(tenantKey)) {
            ApiResponse infer = client.infer("churn", request);
            assertThat(infer.status()).isEqualTo(503);
            assertThat(infer.json().path("code").asText()).isEqualTo("DATA_CORRUPTED");
            assertThat(infer.json().path("error").asText()).contains(sha256).contains("sha256");
            ApiResponse download = client.get("/v1/models/churn/versions/1/download");
            assertThat(download.status()).isEqualTo(503);
            assertThat(download.text()).doesNotContain("\"manifest\"");
        }
    }

    @Test
    void jobRunningWhenTheProcessDiedIsFailedWithAReason() {
        String datasetId;
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient operator = server.operator()) {
            datasetId = operator.uploadDataset("tiny", "x,y\n1,a\n2,b\n").path("id").asText();
        }
        String jobId;
        try (MetadataStore store = JdbcMetadataStore.openSqlite(dataDirectory.resolve("metadata.db"))) {
            String tenantId = store.tenants().findOperator().orElseThrow().id();
            TrainingJobRecord job = store.jobs().create(tenantId, datasetId, "m", "logistic_regression", "{}");
            store.jobs().markRunning(job.id(), Instant.now());
            jobId = job.id();
        }
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient operator = server.operator()) {
            JsonNode job = operator.get("/v1/training-jobs/" + jobId).successJson();
            assertThat(job.path("state").asText()).isEqualTo("failed");
            assertThat(job.path("message").asText()).contains("server stopped");
        }
    }

    private static String tenantKeyOf(MarqueeClient client) {
        JsonNode key = client.post("/v1/api-keys", Map.of("name", "survivor", "scopes", List.of("admin"))).successJson();
        return key.path("token").asText();
    }

    private static Map<String, Object> requestFor(MarqueeClient client, String endpoint) {
        JsonNode metadata = client.get("/v2/models/" + endpoint).successJson();
        List<Map<String, String>> rows = new ArrayList<>();
        EndToEndTest.freshViewers(50, 8, rows, new ArrayList<>());
        return OipRequests.fromRows(metadata, rows);
    }
}
