package dev.marquee.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.client.MarqueeClient;
import dev.marquee.core.SampleDatasets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaderboardTest {
    @TempDir
    Path dataDirectory;

    @Test
    void ranksEveryModelTrainedOnTheDatasetBestFirstPerTarget() {
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient client = Fixtures.tenant(server, "studio")) {
            String datasetId = client.uploadDataset("viewers", SampleDatasets.viewerChurn(1200, 8)).path("id").asText();
            String otherDataset = client.uploadDataset("others", SampleDatasets.viewerChurn(300, 9)).path("id").asText();
            train(client, datasetId, "churn-logistic", "churned", "logistic_regression", Map.of());
            train(client, datasetId, "churn-stump", "churned", "decision_tree", Map.of("max_depth", "1"));
            train(client, datasetId, "spend", "monthly_spend", "linear_regression", Map.of());
            train(client, otherDataset, "elsewhere", "churned", "logistic_regression", Map.of());

            JsonNode board = client.get("/v1/datasets/" + datasetId + "/leaderboard").successJson();

            List<String> models = new ArrayList<>();
            board.path("entries").forEach(entry -> models.add(entry.path("model_name").asText()));
            // Targets in order ("churned" before "monthly_spend"); the stump cannot beat logistic regression.
            assertThat(models).containsExactly("churn-logistic", "churn-stump", "spend");
            JsonNode first = board.path("entries").get(0);
            assertThat(first.path("metric").asText()).isEqualTo("accuracy");
            assertThat(first.path("score").asDouble())
                    .isGreaterThan(board.path("entries").get(1).path("score").asDouble());
            assertThat(board.path("entries").get(2).path("metric").asText()).isEqualTo("rmse");
        }
    }

    private static void train(
            MarqueeClient client, String datasetId, String model, String target, String algorithm,
            Map<String, String> parameters) {
        JsonNode job = client.train(datasetId, model, target, algorithm, parameters, 42);
        JsonNode finished = client.awaitJob(job.path("id").asText(), Duration.ofMinutes(2), state -> {});
        assertThat(finished.path("state").asText()).as(finished.toString()).isEqualTo("succeeded");
    }
}
