package dev.marquee.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.client.ApiResponse;
import dev.marquee.client.MarqueeClient;
import dev.marquee.core.SampleDatasets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Tuning, cross-validation, splits and preprocessing options of a training job, over HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainingOptionsTest {
    @TempDir
    Path dataDirectory;

    @Test
    void tunesOnTrainingFoldsAndRecordsTheTrialTableWithTheModel() {
        try (TestServer server = TestServer.start(dataDirectory.resolve("tuned"));
                MarqueeClient client = Fixtures.tenant(server, "studio")) {
            String datasetId = dataset(client);
            Map<String, Object> body = request(datasetId, "decision_tree");
            body.put("tuning", Map.of(
                    "method", "grid",
                    "space", Map.of("max_depth", List.of(1, 4), "min_samples_leaf", Map.of(
                            "min", 1, "max", 5, "integer", true, "log", true)),
                    "parallelism", 2));
            body.put("folds", 3);
            body.put("preprocessing", Map.of("scaling", "robust", "categorical_encoding", "hashing"));

            JsonNode job = awaitSucceeded(client, client.post("/v1/training-jobs", body).successJson());
            JsonNode manifest = client.get("/v1/models/tuned/versions/1").successJson().path("manifest");

            JsonNode tuning = manifest.path("tuning");
            assertThat(tuning.path("method").asText()).isEqualToIgnoringCase("grid");
            assertThat(tuning.path("metric").asText()).isEqualTo("accuracy");
            // A grid takes every integer of an integer range: 2 depths × 5 leaf sizes.
            assertThat(tuning.path("trials").size()).isEqualTo(2 * 5);
            assertThat(tuning.path("best").path("max_depth").asText()).isIn("1", "4");
            assertThat(manifest.path("parameters").path("max_depth").asText())
                    .isEqualTo(tuning.path("best").path("max_depth").asText());
            assertThat(manifest.path("preprocessing").toString()).contains("hashing");
            assertThat(job.path("metrics").path("accuracy").asDouble()).isGreaterThan(0.6);
        }
    }

    @Test
    void crossValidatesWithoutTuningAndReportsMeanAndSpread() {
        try (TestServer server = TestServer.start(dataDirectory.resolve("folds"));
                MarqueeClient client = Fixtures.tenant(server, "studio")) {
            Map<String, Object> body = request(dataset(client), "logistic_regression");
            body.put("folds", 4);

            JsonNode job = awaitSucceeded(client, client.post("/v1/training-jobs", body).successJson());

            assertThat(job.path("metrics").path("cv_accuracy_mean").asDouble()).isGreaterThan(0.7);
            assertThat(job.path("metrics").has("cv_accuracy_std")).isTrue();
        }
    }

    @Test
    void rejectsBadTrainingOptionsAtSubmissionNamingTheField() {
        try (TestServer server = TestServer.start(dataDirectory.resolve("bad"));
                MarqueeClient client = Fixtures.tenant(server, "studio")) {
            String datasetId = dataset(client);

            assertRejected(client, datasetId, Map.of("split", "sideways"), "unknown split 'sideways'");
            assertRejected(client, datasetId, Map.of("split", "time"), "time");
            assertRejected(client, datasetId, Map.of("folds", 1), "'folds' must be at least 2, was 1");
            assertRejected(client, datasetId, Map.of("tuning", Map.of("space", Map.of("depth", List.of(1, 2)))),
                    "tuning space: unknown parameter 'depth' for decision_tree");
            assertRejected(client, datasetId,
                    Map.of("tuning", Map.of("space", Map.of("max_depth", Map.of("min", 9, "max", 2)))),
                    "'tuning.space.max_depth': a range's min must not exceed its max");
            assertRejected(client, datasetId, Map.of("tuning", Map.of("space", Map.of())), "the tuning space is empty");
            assertRejected(client, datasetId, Map.of("preprocessing", Map.of("scaling", "sideways")), "'scaling'");
            assertRejected(client, datasetId, Map.of("preprocessing", Map.of("hash_buckets", 0)), "'hash_buckets'");
        }
    }

    private static void assertRejected(MarqueeClient client, String datasetId, Map<String, Object> extra,
            String message) {
        Map<String, Object> body = request(datasetId, "decision_tree");
        body.putAll(extra);
        ApiResponse response = client.post("/v1/training-jobs", body);
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(response.json().path("error").asText()).contains(message);
    }

    private static String dataset(MarqueeClient client) {
        return client.uploadDataset("viewers", SampleDatasets.viewerChurn(600, 4)).path("id").asText();
    }

    private static Map<String, Object> request(String datasetId, String algorithm) {
        Map<String, Object> body = new HashMap<>();
        body.put("dataset_id", datasetId);
        body.put("model_name", "tuned");
        body.put("target", "churned");
        body.put("algorithm", algorithm);
        return body;
    }

    private static JsonNode awaitSucceeded(MarqueeClient client, JsonNode job) {
        JsonNode finished = client.awaitJob(job.path("id").asText(), Duration.ofMinutes(3), state -> {});
        assertThat(finished.path("state").asText()).as(finished.toString()).isEqualTo("succeeded");
        return finished;
    }
}
