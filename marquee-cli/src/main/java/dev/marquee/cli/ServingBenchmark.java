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
import java.lang.management.ManagementFactory;
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
 * by (a) a bare Helidon handler doing the same JSON parse and dot product, (b) Marquee's OIP REST infer, Marquee's
 * OIP gRPC infer loaded by h2load when installed, (c1) with one call per connection as wrk sends them and (c) with the
 * same number of calls multiplexed on fewer connections as a gRPC channel sends them, (e1) and (e) an empty grpc-java
 * server loaded the same two ways (gRPC's ceiling, as (a) is REST's), and, when installed, (d) FastAPI + scikit-learn.
 * Every target runs at once. They are measured in three phases — the REST pair (a, b), the gRPC targets, the FastAPI
 * baseline — so that the JIT compilations and garbage of one kind of server do not land in another's measurement; within
 * a phase, after one warm-up each, the targets are loaded in turn, round after round, over 127.0.0.1, and each reports
 * its median round, so that a burst of noise on this shared machine lands on one round of one target instead of
 * deciding a ratio.
 */
final class ServingBenchmark {
    static final String ENDPOINT = "breast-cancer";
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /**
     * What to run.
     *
     * @param csv the training data; its last column is the target, its first row is the one every request scores
     * @param connections concurrent keep-alive connections of the load generator (concurrent calls)
     * @param grpcStreams concurrent calls per connection of the multiplexed gRPC targets: the same number of calls
     *     over {@code connections / grpcStreams} connections
     * @param rounds how many times each target is measured, interleaved with the others
     * @param warmup load before each target's first round (JIT, connection pools)
     * @param duration measured load per target and round
     * @param python a Python with FastAPI, uvicorn and scikit-learn for the baseline, if any
     */
    record Settings(
            Path csv,
            int connections,
            int grpcStreams,
            int rounds,
            Duration warmup,
            Duration duration,
            Optional<String> python) {
        Settings {
            requireNonNull(csv, "csv is null");
            requireNonNull(warmup, "warmup is null");
            requireNonNull(duration, "duration is null");
            requireNonNull(python, "python is null");
            if (connections < 1 || grpcStreams < 1 || rounds < 1) {
                throw new IllegalArgumentException("connections, grpcStreams and rounds must be at least 1");
            }
        }
    }

    /**
     * One target's measurement.
     *
     * @param result the median round
     * @param rounds every round, in the order they ran
     * @param serverCpuMicrosPerCall the median over the rounds of this JVM's CPU time per completed call, for the
     *     servers that run in it (NaN for those that do not): what a call costs the server, load generator excluded
     */
    record Measurement(
            String target, WrkLoad.LoadResult result, List<WrkLoad.LoadResult> rounds, double serverCpuMicrosPerCall) {
        Measurement {
            requireNonNull(target, "target is null");
            requireNonNull(result, "result is null");
            rounds = List.copyOf(rounds);
        }
    }

    /**
     * A server under load: its name in the table, whether it runs in this JVM, and how to load it for a number of
     * seconds.
     */
    private record Target(String name, boolean inProcess, IntFunction<WrkLoad.LoadResult> load) {}

    /** One measured round of a target, with the server's CPU per call (NaN for a server outside this JVM). */
    private record Round(WrkLoad.LoadResult result, double cpuMicrosPerCall) {}

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

    List<Measurement> run(Settings settings) {
        byte[] request = requestBody(settings.csv());
        List<Target> rest = new ArrayList<>();
        List<Target> grpc = new ArrayList<>();
        List<Target> baseline = new ArrayList<>();
        List<AutoCloseable> servers = new ArrayList<>();
        try {
            BareInferenceServer bare = started(servers, new BareInferenceServer(featureCount(settings.csv())));
            rest.add(rest(settings, "bare Helidon handler (a)", true,
                    "http://127.0.0.1:" + bare.port() + BareInferenceServer.PATH, request, Map.of()));
            String adminKey = "bench-" + Long.toHexString(System.nanoTime());
            MarqueeServer server = started(servers, MarqueeServer.start(ServerConfigLoader.fromProperties(Map.of(
                    "http-port", "0",
                    "grpc-port", "0",
                    "host", "127.0.0.1",
                    "data-dir", workDirectory.resolve("marquee-data").toString(),
                    "admin-key", adminKey))));
            String base = "http://127.0.0.1:" + server.port();
            String key = deploy(base, adminKey, settings.csv());
            rest.add(rest(settings, "Marquee OIP REST (b)", true, base + "/v2/models/" + ENDPOINT + "/infer",
                    request, Map.of("Authorization", "Bearer " + key)));
            if (h2load.isPresent() && server.grpcPort().isPresent()) {
                ModelInferRequest grpcRequest = H2LoadGrpc.request(ENDPOINT, firstRow(settings.csv()));
                int port = server.grpcPort().getAsInt();
                byte[] reply = H2LoadGrpc.check(port, key, grpcRequest).toByteArray();
                grpc.addAll(grpc(settings, "Marquee OIP gRPC", "c", port, key, grpcRequest));
                EmptyGrpcServer empty = started(servers, new EmptyGrpcServer(reply));
                grpc.addAll(grpc(settings, "empty grpc-java server", "e", empty.port(), key, grpcRequest));
            }
            if (settings.python().isPresent()) {
                FastApiBaseline fastApi = started(servers, FastApiBaseline.start(settings.python().get(),
                        settings.csv(), workDirectory, Runtime.getRuntime().availableProcessors(), request));
                baseline.add(rest(settings, "FastAPI + scikit-learn (d)", false, fastApi.url(), request, Map.of()));
            }
            List<Measurement> measurements = new ArrayList<>();
            for (List<Target> phase : List.of(rest, grpc, baseline)) {
                measurements.addAll(measure(settings, phase));
            }
            return measurements;
        }
        finally {
            closeAll(servers);
        }
    }

    private Target rest(
            Settings settings, String name, boolean inProcess, String url, byte[] body, Map<String, String> headers) {
        return new Target(name, inProcess, seconds -> wrk.run(url, body, headers, settings.connections(), seconds));
    }

    /** The two gRPC shapes of one server: one call per connection ({@code 1}), and multiplexed (no suffix). */
    private List<Target> grpc(
            Settings settings, String server, String label, int port, String key, ModelInferRequest request) {
        int connections = settings.connections();
        int multiplexed = Math.max(1, connections / settings.grpcStreams());
        int streams = settings.grpcStreams();
        return List.of(
                new Target("%s, %d conn. × 1 stream (%s1)".formatted(server, connections, label), true,
                        seconds -> h2load.orElseThrow().run(port, key, request, connections, 1, seconds)),
                new Target("%s, %d conn. × %d streams (%s)".formatted(server, multiplexed, streams, label), true,
                        seconds -> h2load.orElseThrow().run(port, key, request, multiplexed, streams, seconds)));
    }

    /** Warms every target of a phase up once, then measures them in turn for the given number of rounds. */
    private List<Measurement> measure(Settings settings, List<Target> targets) {
        for (Target target : targets) {
            log.println("  " + target.name() + ": warming up for " + settings.warmup().toSeconds() + " s");
            log.flush();
            target.load().apply((int) settings.warmup().toSeconds());
        }
        List<List<Round>> rounds = new ArrayList<>();
        targets.forEach(target -> rounds.add(new ArrayList<>()));
        for (int round = 1; round <= settings.rounds(); round++) {
            for (int index = 0; index < targets.size(); index++) {
                Target target = targets.get(index);
                long cpuBefore = PROCESS.getProcessCpuTime();
                WrkLoad.LoadResult result = target.load().apply((int) settings.duration().toSeconds());
                long cpuNanos = PROCESS.getProcessCpuTime() - cpuBefore;
                rounds.get(index).add(new Round(result, target.inProcess() && result.requests() > 0
                        ? cpuNanos / 1e3 / result.requests() : Double.NaN));
                log.println("  round %d/%d, %s: %s".formatted(round, settings.rounds(), target.name(),
                        result.describe()));
                log.flush();
            }
        }
        List<Measurement> measurements = new ArrayList<>();
        for (int index = 0; index < targets.size(); index++) {
            List<WrkLoad.LoadResult> results = rounds.get(index).stream().map(Round::result).toList();
            measurements.add(new Measurement(targets.get(index).name(), WrkLoad.LoadResult.median(results), results,
                    WrkLoad.LoadResult.median(rounds.get(index).stream().mapToDouble(Round::cpuMicrosPerCall))));
        }
        return measurements;
    }

    private static <T extends AutoCloseable> T started(List<AutoCloseable> servers, T server) {
        servers.add(server);
        return server;
    }

    /** Stops the servers, the last started first; a failure to stop one does not keep the others running. */
    private void closeAll(List<AutoCloseable> servers) {
        for (AutoCloseable server : servers.reversed()) {
            try {
                server.close();
            }
            catch (Exception e) {
                log.println("  could not stop " + server + ": " + e.getMessage());
            }
        }
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
