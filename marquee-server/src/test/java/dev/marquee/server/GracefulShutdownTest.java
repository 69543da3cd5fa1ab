package dev.marquee.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marquee.client.MarqueeClient;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping the server lets a request that is already being received finish. */
class GracefulShutdownTest {
    @TempDir
    Path dataDirectory;

    @Test
    void uploadInFlightCompletesWhileTheServerStops() throws Exception {
        TestServer server = TestServer.start(dataDirectory, Map.of("shutdown-grace-period", "10s"));
        String tenantKey;
        try (MarqueeClient tenant = Fixtures.tenant(server, "studio")) {
            tenantKey = tenant.post("/v1/api-keys", Map.of("name", "uploader", "scopes", java.util.List.of("train")))
                    .successJson().path("token").asText();
        }
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        byte[] csv = ("a,b\n" + "1,2\n".repeat(50_000)).getBytes(StandardCharsets.US_ASCII);
        InputStream body = new InputStream() {
            private int position;

            @Override
            public int read() {
                if (position == 100_000) {
                    started.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return position < csv.length ? csv[position++] : -1;
            }
        };
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "v1/datasets?name=slow"))
                    .header("Authorization", "Bearer " + tenantKey)
                    .header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body))
                    .build();
            CompletableFuture<HttpResponse<String>> upload = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.server().requestsInFlight() == 0) {
                assertThat(System.nanoTime()).as("the upload never reached its handler").isLessThan(deadline);
                Thread.onSpinWait();
            }
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);
            try (MarqueeClient anonymous = server.anonymous()) {
                while (anonymous.get("/v2/health/ready").status() != 503) {
                    assertThat(System.nanoTime()).as("shutdown never began").isLessThan(deadline);
                }
            } catch (java.io.UncheckedIOException listenerAlreadyClosed) {
                throw new AssertionError("the listener closed while a request was in flight", listenerAlreadyClosed);
            }
            assertThat(upload).isNotDone();
            assertThat(stopping).isNotDone();
            release.countDown();
            HttpResponse<String> response = upload.get(30, TimeUnit.SECONDS);
            stopping.get(30, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            assertThat(response.body()).contains("\"row_count\":50000");
        }
    }
}
