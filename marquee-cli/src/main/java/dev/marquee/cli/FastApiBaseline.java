package dev.marquee.cli;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The Python baseline of the serving benchmark: {@code fastapi_serving.py} (shipped inside the CLI) trains a
 * scikit-learn logistic regression on the same CSV and serves OIP infer calls with FastAPI under uvicorn, one worker
 * per core. Needs Debian's {@code python3-fastapi python3-uvicorn python3-sklearn}.
 */
final class FastApiBaseline implements AutoCloseable {
    private static final String SCRIPT = "fastapi_serving.py";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final int port;

    private FastApiBaseline(Process process, int port) {
        this.process = requireNonNull(process, "process is null");
        this.port = port;
    }

    /** Whether {@code python} imports FastAPI, uvicorn and scikit-learn. */
    static boolean available(String python) {
        return ExternalProcess.succeeds(List.of(python, "-c", "import fastapi, uvicorn, sklearn"));
    }

    /** Starts the baseline and waits until it answers {@code probe} on its infer route. */
    static FastApiBaseline start(String python, Path csv, Path workDirectory, int workers, byte[] probe) {
        try {
            Path script = BenchmarkFiles.extractResource(SCRIPT, workDirectory);
            int port = freePort();
            Process process = new ProcessBuilder(python, script.toString(), "--csv", csv.toString(), "--port",
                    Integer.toString(port), "--workers", Integer.toString(workers))
                    .redirectErrorStream(true)
                    .redirectOutput(workDirectory.resolve("fastapi.log").toFile())
                    .start();
            FastApiBaseline baseline = new FastApiBaseline(process, port);
            baseline.awaitReady(probe);
            return baseline;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady(byte[] probe) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the FastAPI baseline exited with " + process.exitValue());
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url()))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(probe))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                throw new IllegalStateException("the FastAPI baseline answered " + response.statusCode() + ": "
                        + response.body());
            }
            catch (IOException e) {
                pause();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the FastAPI baseline", e);
            }
        }
        close();
        throw new IllegalStateException("the FastAPI baseline did not start within " + START_TIMEOUT);
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String url() {
        return "http://127.0.0.1:" + port + "/v2/models/breast-cancer/infer";
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            process.waitFor();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
