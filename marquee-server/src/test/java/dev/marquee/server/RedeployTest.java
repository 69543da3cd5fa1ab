package dev.marquee.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.client.ApiResponse;
import dev.marquee.client.MarqueeClient;
import dev.marquee.client.OipRequests;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Swapping an endpoint between versions while it is under load fails no request. */
class RedeployTest {
    @TempDir
    Path dataDirectory;

    @Test
    void swappingVersionsUnderLoadFailsNoRequest() throws Exception {
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient client = Fixtures.tenant(server, "studio")) {
            Fixtures.trainChurnModel(client, "churn", 800, 1);
            Fixtures.trainChurnModel(client, "churn", 800, 2);
            client.deploy("churn", "churn", 1);
            JsonNode metadata = client.get("/v2/models/churn").successJson();
            List<Map<String, String>> rows = new ArrayList<>();
            EndToEndTest.freshViewers(10, 3, rows, new ArrayList<>());
            Map<String, Object> request = OipRequests.fromRows(metadata, rows);

            AtomicBoolean running = new AtomicBoolean(true);
            Set<String> versionsSeen = ConcurrentHashMap.newKeySet();
            List<String> failures = new ArrayList<>();
            try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Integer>> workers = new ArrayList<>();
                for (int worker = 0; worker < 4; worker++) {
                    workers.add(callers.submit(() -> {
                        int calls = 0;
                        while (running.get()) {
                            ApiResponse response = client.infer("churn", request);
                            if (response.status() != 200) {
                                synchronized (failures) {
                                    failures.add(response.status() + " " + response.text());
                                }
                            } else {
                                versionsSeen.add(response.json().path("model_version").asText());
                            }
                            calls++;
                        }
                        return calls;
                    }));
                }
                for (int swap = 0; swap < 10; swap++) {
                    client.deploy("churn", "churn", swap % 2 == 0 ? 2 : 1);
                }
                client.deploy("churn", "churn", 2);
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (!versionsSeen.contains("2") && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                running.set(false);
                int total = 0;
                for (Future<Integer> worker : workers) {
                    total += worker.get();
                }
                assertThat(total).isGreaterThan(20);
            }
            assertThat(failures).isEmpty();
            assertThat(versionsSeen).contains("2");
            assertThat(client.get("/v1/endpoints/churn").successJson().path("version").asInt()).isEqualTo(2);
        }
    }
}
