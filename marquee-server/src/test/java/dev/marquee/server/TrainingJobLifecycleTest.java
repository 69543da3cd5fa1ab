package dev.marquee.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.client.ApiResponse;
import dev.marquee.client.MarqueeClient;
import dev.marquee.core.SampleDatasets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training jobs report progress, can be cancelled while running or queued, and a full queue answers 429. */
class TrainingJobLifecycleTest {
    /** {@link WaitingAlgorithm} iterates until its job is cancelled. */
    private static final String WAITING = "test_waiting";

    @TempDir
    Path dataDirectory;

    @Test
    void runningJobIsCancelledAndRegistersNoModel() {
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient client = Fixtures.tenant(server, "studio")) {
            String datasetId = client.uploadDataset("viewers", SampleDatasets.viewerChurn(200, 1)).path("id").asText();
            JsonNode job = client.train(datasetId, "slow", "churned", WAITING, Map.of(), 1);
            String jobId = job.path("id").asText();
            awaitState(client, jobId, "running");

            JsonNode cancelled = client.post("/v1/training-jobs/" + jobId + "/cancel", Map.of()).successJson();
            assertThat(cancelled.path("state").asText()).isEqualTo("cancelled");
            JsonNode finished = client.awaitJob(jobId, Duration.ofSeconds(30), state -> {});
            assertThat(finished.path("state").asText()).isEqualTo("cancelled");
            assertThat(client.get("/v1/models/slow").status()).isEqualTo(404);

            ApiResponse again = client.post("/v1/training-jobs/" + jobId + "/cancel", Map.of());
            assertThat(again.status()).isEqualTo(409);
        }
    }

    @Test
    void fullQueueIsRefusedWith429AndQueuedJobsCanBeCancelled() {
        try (TestServer server = TestServer.start(dataDirectory, Map.of("training-queue-capacity", "1"));
                MarqueeClient client = Fixtures.tenant(server, "studio")) {
            String datasetId = client.uploadDataset("viewers", SampleDatasets.viewerChurn(200, 1)).path("id").asText();
            String running = client.train(datasetId, "slow", "churned", WAITING, Map.of(), 1)
                    .path("id").asText();
            awaitState(client, running, "running");
            String queued = client.train(datasetId, "next", "churned", "logistic_regression", Map.of(), 1)
                    .path("id").asText();

            ApiResponse refused = client.post("/v1/training-jobs", Map.of(
                    "dataset_id", datasetId, "model_name", "third", "target", "churned",
                    "algorithm", "logistic_regression"));
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.json().path("code").asText()).isEqualTo("RESOURCE_EXHAUSTED");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();

            assertThat(client.post("/v1/training-jobs/" + queued + "/cancel", Map.of()).successJson()
                    .path("state").asText()).isEqualTo("cancelled");
            client.post("/v1/training-jobs/" + running + "/cancel", Map.of()).successJson();
            assertThat(client.awaitJob(queued, Duration.ofSeconds(30), state -> {}).path("state").asText())
                    .isEqualTo("cancelled");
            assertThat(client.get("/v1/models/next").status()).isEqualTo(404);
        }
    }

    @Test
    void progressIsReportedWhileRunning() {
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient client = Fixtures.tenant(server, "studio")) {
            String datasetId = client.uploadDataset("viewers", SampleDatasets.viewerChurn(200, 1)).path("id").asText();
            String jobId = client.train(datasetId, "slow", "churned", WAITING, Map.of(), 1)
                    .path("id").asText();
            JsonNode running = awaitProgress(client, jobId);
            assertThat(running.path("progress").asDouble()).isBetween(0.1, 1.0);
            assertThat(running.path("message").asText()).contains("iteration");
            assertThat(running.path("eta_seconds").isIntegralNumber()).as(running.toString()).isTrue();
            assertThat(running.path("eta_seconds").asLong()).isNotNegative();
            client.post("/v1/training-jobs/" + jobId + "/cancel", Map.of()).successJson();
        }
    }

    @Test
    void jobThatRunsOutOfMemoryFailsWithAClearMessageAndTheServerKeepsServing() {
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient client = Fixtures.tenant(server, "studio")) {
            String datasetId = client.uploadDataset("viewers", SampleDatasets.viewerChurn(200, 1)).path("id").asText();
            String jobId = client.train(datasetId, "greedy", "churned", WAITING, Map.of("out_of_memory_at", 3), 1)
                    .path("id").asText();

            JsonNode failed = client.awaitJob(jobId, Duration.ofSeconds(30), state -> {});

            assertThat(failed.path("state").asText()).isEqualTo("failed");
            assertThat(failed.path("message").asText())
                    .isEqualTo("out of memory: the dataset or model does not fit the server's heap");
            JsonNode next = Fixtures.trainChurnModel(client, "churn", 300, 2);
            assertThat(next.path("state").asText()).isEqualTo("succeeded");
        }
    }

    @Test
    void jobThatRunsPastTheTrainingTimeoutFailsWithAClearMessage() {
        try (TestServer server = TestServer.start(dataDirectory, Map.of("training-timeout", "1s"));
                MarqueeClient client = Fixtures.tenant(server, "studio")) {
            String datasetId = client.uploadDataset("viewers", SampleDatasets.viewerChurn(200, 1)).path("id").asText();
            String jobId = client.train(datasetId, "slow", "churned", WAITING, Map.of(), 1).path("id").asText();

            JsonNode failed = client.awaitJob(jobId, Duration.ofSeconds(30), state -> {});

            assertThat(failed.path("state").asText()).isEqualTo("failed");
            assertThat(failed.path("message").asText()).isEqualTo("timed out after PT1S");
        }
    }

    private static void awaitState(MarqueeClient client, String jobId, String state) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!client.get("/v1/training-jobs/" + jobId).successJson().path("state").asText().equals(state)) {
            assertThat(System.nanoTime()).as("job %s never became %s", jobId, state).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static JsonNode awaitProgress(MarqueeClient client, String jobId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            JsonNode job = client.get("/v1/training-jobs/" + jobId).successJson();
            if (job.path("state").asText().equals("running") && job.path("progress").asDouble() > 0.1) {
                return job;
            }
            assertThat(System.nanoTime()).as("job %s reported no fitting progress: %s", jobId, job).isLessThan(deadline);
        }
    }
}
