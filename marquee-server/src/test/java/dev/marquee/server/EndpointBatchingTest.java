package dev.marquee.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.client.ApiResponse;
import dev.marquee.client.MarqueeClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An endpoint's own batching settings replace the server's defaults for its requests. */
class EndpointBatchingTest {
    private static final Pattern ONE_QUEUED =
            Pattern.compile("marquee_inference_queue_depth\\{[^}]*endpoint=\"batched\"[^}]*} 1\\.0");

    @TempDir
    Path dataDirectory;

    @Test
    void requestsWaitForTheEndpointsBatchAndAreAnsweredTogether() throws Exception {
        // The server does not batch; the endpoint asks for batches of 2 that wait up to an hour.
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient client = Fixtures.tenant(server, "studio");
                MarqueeClient anonymous = server.anonymous()) {
            Fixtures.trainChurnModel(client, "churn", 400, 3);
            client.post("/v1/endpoints", Map.of(
                    "name", "batched",
                    "routes", List.of(Map.of("model", "churn", "version", 1, "weight", 1)),
                    "batching", Map.of("max_batch_size", 2, "max_queue_delay_ms", 3_600_000))).successJson();
            byte[] body = ("{\"inputs\":" + Fixtures.churnColumnTensors() + "}").getBytes(StandardCharsets.UTF_8);

            CompletableFuture<ApiResponse> first = CompletableFuture.supplyAsync(
                    () -> client.postBytes("/v2/models/batched/infer", "application/json", body),
                    runnable -> Thread.ofVirtual().start(runnable));
            long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (!ONE_QUEUED.matcher(anonymous.get("/metrics").text()).find()) {
                assertThat(System.nanoTime()).as("the first request never queued for its batch").isLessThan(giveUp);
                Thread.onSpinWait();
            }
            assertThat(first).isNotDone();

            JsonNode second = client.postBytes("/v2/models/batched/infer", "application/json", body).successJson();
            JsonNode firstAnswer = first.get(1, TimeUnit.MINUTES).successJson();

            assertThat(second.path("outputs")).isEqualTo(firstAnswer.path("outputs"));
            // One model call of two rows.
            String metrics = anonymous.get("/metrics").text();
            assertThat(metrics).containsPattern("marquee_inference_batch_size_count\\{[^}]*endpoint=\"batched\"[^}]*} 1\n");
            assertThat(metrics).containsPattern("marquee_inference_batch_size_sum\\{[^}]*endpoint=\"batched\"[^}]*} 2\\.0");
        }
    }
}
