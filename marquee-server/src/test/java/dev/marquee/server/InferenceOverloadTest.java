package dev.marquee.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.client.ApiResponse;
import dev.marquee.client.MarqueeClient;
import dev.marquee.client.OipRequests;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bounded inference queues and deadlines over HTTP: 429 with Retry-After, 504, and recovery. */
class InferenceOverloadTest {
    private static final Pattern ONE_QUEUED =
            Pattern.compile("marquee_inference_queue_depth\\{[^}]*endpoint=\"churn\"[^}]*} 1\\.0");

    @TempDir
    Path dataDirectory;

    @Test
    void aFullQueueAnswers429WithRetryAfterAndAnExpiredRequest504ThenServingRecovers() throws Exception {
        // Batches of 2 rows that wait up to an hour to fill: a 1-row request stays queued until its deadline.
        Map<String, String> settings = Map.of(
                "batch-max-size", "2",
                "batch-max-delay", "1h",
                "inference-queue-capacity", "1",
                "inference-retry-after", "7s");
        try (TestServer server = TestServer.start(dataDirectory, settings);
                MarqueeClient client = Fixtures.tenant(server, "studio");
                MarqueeClient anonymous = server.anonymous()) {
            Fixtures.trainChurnModel(client, "churn", 600, 3);
            client.deploy("churn", "churn", 1);
            JsonNode metadata = client.get("/v2/models/churn").successJson();

            CompletableFuture<ApiResponse> waiting = CompletableFuture.supplyAsync(
                    () -> client.infer("churn", request(metadata, 1, 5_000_000)),
                    runnable -> Thread.ofVirtual().start(runnable));
            long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (!ONE_QUEUED.matcher(anonymous.get("/metrics").text()).find() && System.nanoTime() < giveUp) {
                Thread.onSpinWait();
            }

            ApiResponse refused = client.infer("churn", request(metadata, 1, 5_000_000));
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.json().path("code").asText()).isEqualTo("RESOURCE_EXHAUSTED");
            assertThat(refused.headers().firstValue("Retry-After")).contains("7");

            ApiResponse expired = waiting.get(1, TimeUnit.MINUTES);
            assertThat(expired.status()).isEqualTo(504);
            assertThat(expired.json().path("code").asText()).isEqualTo("DEADLINE_EXCEEDED");

            ApiResponse full = client.infer("churn", request(metadata, 2, 60_000_000));
            assertThat(full.status()).isEqualTo(200);
            assertThat(EndToEndTest.output(full.json(), "predict").path("shape").toString()).isEqualTo("[2]");
            assertThat(EndToEndTest.output(full.json(), "probabilities").path("shape").toString())
                    .isEqualTo("[2,2]");
        }
    }

    @Test
    void aBadTimeoutParameterIsA400NamingIt() {
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient client = Fixtures.tenant(server, "studio")) {
            Fixtures.trainChurnModel(client, "churn", 400, 3);
            client.deploy("churn", "churn", 1);
            JsonNode metadata = client.get("/v2/models/churn").successJson();
            Map<String, Object> request = new LinkedHashMap<>(request(metadata, 1, 1));
            request.put("parameters", Map.of("timeout", "soon"));

            ApiResponse response = client.infer("churn", request);

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().path("error").asText()).contains("timeout");
        }
    }

    /** An OIP request of {@code rows} fresh viewers with {@code parameters.timeout} in microseconds. */
    private static Map<String, Object> request(JsonNode metadata, int rows, long timeoutMicros) {
        List<Map<String, String>> viewers = new ArrayList<>();
        EndToEndTest.freshViewers(20, 11, viewers, new ArrayList<>());
        Map<String, Object> request = new LinkedHashMap<>(OipRequests.fromRows(metadata, viewers.subList(0, rows)));
        request.put("parameters", Map.of("timeout", timeoutMicros));
        return request;
    }
}
