package dev.marquee.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.client.MarqueeClient;
import dev.marquee.server.MarqueeServer;
import dev.marquee.server.ServerConfigLoader;
import dev.marquee.server.oip.ModelInferRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The serving load benchmark: one model (logistic regression on scikit-learn's breast cancer set, 30 features) served
 * by (a) a bare Helidon handler doing the same JSON parse and dot product, (b) Marquee's OIP REST infer, (c) Marquee's
 * OIP gRPC infer (loaded by h2load when installed) and, when installed, (d) FastAPI + scikit-learn, each loaded in turn by the same external load generator over 127.0.0.1 in
 * one run, so the ratios hold on a noisy machine.
 */
final class ServingBenchmark {
    static final String ENDPOINT = "breast-cancer";

    /**
     * What to run.
     *
     * @param csv the training data; its last column is the target, its first row is the one every request scores
     * @param connections concurrent keep-alive connections of the load generator
     * @param warmup load before each measured run (JIT, connection pools)
     * @param duration measured load per target
     * @param python a Python with FastAPI, uvicorn and scikit-learn for the baseline, if any
     */
    record Settings(Path csv, int connections, Duration warmup, Duration duration, Optional<String> python) {
        Settings {
            requireNonNull(csv, "csv is null");
            requireNonNull(warmup, "warmup is null");
            requireNonNull(duration, "duration is null");
            requireNonNull(python, "python is null");
        }
    }

    /** One target's measurement. */
    record Measurement(String target, WrkLoad.LoadResult result) {
        Measurement {
            requireNonNull(target, "target is null");
            requireNonNull(result, "result is null");
        }
    }

    private final WrkLoad wrk;
    private final Optional<H2LoadGrpc> h2load;
    private final Path workDirectory;
    private final PrintWriter log;

    /** @param h2load the gRPC load generator, when installed */
    ServingBenchmark(WrkLoad wrk, Optional<H2LoadGrpc> h2load, Path workDirectory, PrintWriter log) {
        this.wrk = requireNonNull(wrk, "wrk is null");
        this.h2load = requireNonNull(h2load, "h2load is null");
        this.workDirectory = requireNonNull(workDirectory, "workDirectory is null");
        this.log = requireNonNull(log, "log is null");
    }

    List<Measurement> run(Settings settings) throws IOException {
        byte[] request = requestBody(settings.csv());
        List<Measurement> measurements = new ArrayList<>();
        try (BareInferenceServer bare = new BareInferenceServer(featureCount(settings.csv()))) {
            measurements.add(measure(settings, "bare Helidon handler (a)",
                    "http://127.0.0.1:" + bare.port() + BareInferenceServer.PATH, request, Map.of()));
        }
        String adminKey = "bench-" + Long.toHexString(System.nanoTime());
        try (MarqueeServer server = MarqueeServer.start(ServerConfigLoader.fromProperties(Map.of(
                "http-port", "0",
                "grpc-port", "0",
                "host", "127.0.0.1",
                "data-dir", workDirectory.resolve("marquee-data").toString(),
                "admin-key", adminKey)))) {
            String base = "http://127.0.0.1:" + server.port();
            String key = deploy(base, adminKey, settings.csv());
            measurements.add(measure(settings, "Marquee OIP REST (b)", base + "/v2/models/" + ENDPOINT + "/infer",
                    request, Map.of("Authorization", "Bearer " + key)));
            if (h2load.isPresent() && server.grpcPort().isPresent()) {
                int port = server.grpcPort().getAsInt();
                ModelInferRequest grpcRequest = H2LoadGrpc.request(ENDPOINT, firstRow(settings.csv()));
                H2LoadGrpc.check(port, key, grpcRequest);
                measurements.add(measure(settings, "Marquee OIP gRPC (c)",
                        seconds -> h2load.get().run(port, key, grpcRequest, settings.connections(), seconds)));
            }
        }
        if (settings.python().isPresent()) {
            try (FastApiBaseline fastApi = FastApiBaseline.start(settings.python().get(), settings.csv(),
                    workDirectory, Runtime.getRuntime().availableProcessors(), request)) {
                measurements.add(measure(settings, "FastAPI + scikit-learn (d)", fastApi.url(), request, Map.of()));
            }
        }
        return measurements;
    }

    private Measurement measure(Settings settings, String target, String url, byte[] body, Map<String, String> headers) {
        return measure(settings, target, seconds -> wrk.run(url, body, headers, settings.connections(), seconds));
    }

    /** Loads a target for the warm-up, then for the measured duration, and keeps the second run. */
    private Measurement measure(Settings settings, String target, IntFunction<WrkLoad.LoadResult> load) {
        log.println("  " + target + ": warming up for " + settings.warmup().toSeconds() + " s");
        log.flush();
        load.apply((int) settings.warmup().toSeconds());
        WrkLoad.LoadResult result = load.apply((int) settings.duration().toSeconds());
        log.println("  " + target + ": " + result.describe());
        log.flush();
        return new Measurement(target, result);
    }

    /** Creates a tenant, trains the model on the CSV, deploys it and answers the tenant's key. */
    private String deploy(String base, String adminKey, Path csv) {
        try (MarqueeClient operator = new MarqueeClient(URI.create(base + "/"), adminKey)) {
            JsonNode tenant = operator.post("/v1/tenants", Map.of("name", "bench")).successJson();
            String key = tenant.path("admin_key").path("token").asText();
            try (MarqueeClient client = operator.withApiKey(key)) {
                JsonNode dataset = client.uploadDataset(ENDPOINT, csv);
                log.println("  Marquee: training logistic_regression on " + csv.getFileName());
                log.flush();
                JsonNode job = client.train(dataset.path("id").asText(), ENDPOINT, targetColumn(csv),
                        "logistic_regression", Map.of(), 42);
                JsonNode finished = client.awaitJob(job.path("id").asText(), Duration.ofMinutes(10), state -> {});
                if (!finished.path("state").asText().equals("succeeded")) {
                    throw new IllegalStateException("training failed: " + finished.path("message").asText());
                }
                client.deploy(ENDPOINT, ENDPOINT, finished.path("model_version").asInt());
            }
            return key;
        }
    }

    private static List<String> lines(Path csv) {
        try (var lines = Files.lines(csv, StandardCharsets.UTF_8)) {
            return lines.limit(2).toList();
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
    }

    private static String targetColumn(Path csv) {
        String[] header = lines(csv).getFirst().split(",");
        return header[header.length - 1];
    }

    private static int featureCount(Path csv) {
        return lines(csv).getFirst().split(",").length - 1;
    }

    /** The features of the CSV's first row (every cell but the last). */
    static double[] firstRow(Path csv) {
        String[] cells = lines(csv).get(1).split(",");
        double[] row = new double[cells.length - 1];
        for (int cell = 0; cell < row.length; cell++) {
            row[cell] = Double.parseDouble(cells[cell]);
        }
        return row;
    }

    /** An OIP request scoring the CSV's first row as one FP64 tensor of shape [1, features]. */
    static byte[] requestBody(Path csv) {
        double[] row = firstRow(csv);
        StringBuilder json = new StringBuilder("{\"id\":\"bench\",\"inputs\":[{\"name\":\"features\",\"datatype\":\"FP64\","
                + "\"shape\":[1," + row.length + "],\"data\":[");
        for (int cell = 0; cell < row.length; cell++) {
            json.append(cell == 0 ? "" : ",").append(row[cell]);
        }
        return json.append("]}]}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
