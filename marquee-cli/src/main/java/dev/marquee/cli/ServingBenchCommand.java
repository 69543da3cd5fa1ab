package dev.marquee.cli;

import dev.marquee.server.JsonLogFormatter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serving", mixinStandardHelpOptions = true,
        description = {
            "Load-tests inference on 127.0.0.1 with wrk (Debian: apt-get install wrk): a bare Helidon handler doing the "
                    + "same JSON parse and dot product, Marquee's OIP REST infer for a logistic regression trained on "
                    + "the breast cancer set, Marquee's OIP gRPC infer with h2load (Debian: nghttp2-client), and FastAPI + scikit-learn serving the same model when Python has "
                    + "them (Debian: apt-get install python3-fastapi python3-uvicorn python3-sklearn).",
            "Every target runs at once; they are measured in phases (the REST pair, the gRPC targets, FastAPI), each "
                    + "target in turn, --rounds times, after one warm-up each; gRPC is loaded "
                    + "both with one call per connection (c1, as wrk sends calls) and multiplexed (c, --grpc-streams "
                    + "calls per connection, as a gRPC channel sends them), and an empty grpc-java server (e1, e) "
                    + "shows the gRPC transport's ceiling.",
            "Prints each target's median requests/s, p50 and p99 latency and the ratios the issue sets as goals."})
final class ServingBenchCommand extends CommandBase {
    private static final double REST_SHARE_OF_BARE = 0.85;
    private static final double MAX_P99_MILLIS = 10;
    private static final double TIMES_FASTAPI = 20;
    /** Warm-up per target unless --warmup says otherwise. */
    private static final int WARMUP_SECONDS = 5;

    /** Held so that the level set on it stays (the logging framework keeps loggers only weakly). */
    private final Logger grpcStreamErrors = Logger.getLogger("io.grpc.netty.shaded.io.grpc.netty.NettyServerHandler");

    @Option(names = "--data", defaultValue = "../shared/data/sklearn/breast_cancer.csv",
            description = "CSV to train and score, last column the target (default ${DEFAULT-VALUE})")
    Path csv;

    @Mixin
    LoadOptions load;

    @Option(names = "--h2load", defaultValue = "h2load",
            description = "the h2load executable for the gRPC target (Debian: nghttp2-client; default ${DEFAULT-VALUE})")
    String h2loadExecutable;

    @Option(names = "--grpc-streams", defaultValue = "8",
            description = "concurrent calls per connection for the multiplexed gRPC target (c): --connections calls "
                    + "over --connections / this many connections (default ${DEFAULT-VALUE}); target (c1) always "
                    + "sends one call per connection")
    int grpcStreams;

    @Option(names = "--rounds", defaultValue = "3",
            description = "measured runs per target, interleaved with the other targets; the table shows each "
                    + "target's median (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--python", defaultValue = "/usr/bin/python3",
            description = "Python with FastAPI, uvicorn and scikit-learn for the baseline (default ${DEFAULT-VALUE})")
    String python;

    @Option(names = "--no-baseline", description = "skip the FastAPI baseline")
    boolean noBaseline;

    @Option(names = "--output", defaultValue = "bench-results/serving.json",
            description = "where the JSON results go (default ${DEFAULT-VALUE})")
    Path output;

    @Override
    public Integer call() throws IOException {
        if (!load.valid() || grpcStreams < 1 || rounds < 1) {
            err().println(
                    "--connections, --load-threads, --grpc-streams, --rounds, --duration and --warmup must be at least 1");
            return 2;
        }
        if (!Files.isRegularFile(csv)) {
            err().println("--data: no such file " + csv);
            return 2;
        }
        JsonLogFormatter.install(Level.WARNING);
        // h2load closes its connections at the end of each run with calls still in flight: grpc-java logs every such
        // stream ("Stream closed before write could take place") at WARNING with a stack trace.
        grpcStreamErrors.setLevel(Level.SEVERE);
        Path work = Files.createTempDirectory("marquee-serving-bench");
        try {
            WrkLoad wrk = new WrkLoad(load.wrkExecutable, load.loadThreads, work);
            if (!wrk.available()) {
                err().println(load.wrkExecutable + " does not run here (Debian: apt-get install wrk)");
                return 2;
            }
            H2LoadGrpc h2load = new H2LoadGrpc(h2loadExecutable, load.loadThreads, work);
            Optional<H2LoadGrpc> grpcLoad = h2load.available() ? Optional.of(h2load) : Optional.empty();
            if (grpcLoad.isEmpty()) {
                err().println("gRPC target skipped: " + h2loadExecutable + " does not run here "
                        + "(Debian: apt-get install nghttp2-client)");
            }
            Optional<String> baseline = Optional.empty();
            if (noBaseline) {
                err().println("FastAPI baseline skipped (--no-baseline)");
            }
            else if (!FastApiBaseline.available(python)) {
                err().println("FastAPI baseline skipped: " + python + " does not import fastapi, uvicorn and sklearn "
                        + "(Debian: apt-get install python3-fastapi python3-uvicorn python3-sklearn)");
            }
            else {
                baseline = Optional.of(python);
            }
            List<ServingBenchmark.Measurement> measurements = new ServingBenchmark(wrk, grpcLoad, work, err()).run(
                    new ServingBenchmark.Settings(csv, load.connections, grpcStreams, rounds,
                            Duration.ofSeconds(load.warmupSeconds(WARMUP_SECONDS)),
                            Duration.ofSeconds(load.durationSeconds), baseline));
            print(measurements);
            BenchmarkFiles.writeJson(output, Map.of("connections", load.connections, "grpc_streams", grpcStreams,
                    "rounds", rounds, "load_threads", load.loadThreads, "cores",
                    Runtime.getRuntime().availableProcessors(), "results", measurements));
            out().println("results written to " + output);
            return 0;
        }
        finally {
            BenchmarkFiles.deleteRecursively(work);
        }
    }

    private void print(List<ServingBenchmark.Measurement> measurements) {
        double bare = throughput(measurements, "(a)");
        out().printf(Locale.ROOT, "%n%d concurrent calls, %d rounds of %d s per target (medians shown), %d cores%n%n",
                load.connections, rounds, load.durationSeconds, Runtime.getRuntime().availableProcessors());
        out().println("| target | requests/s | mean ms | p50 ms | p99 ms | errors | vs bare handler | server CPU µs/call "
                + "| rounds, requests/s |");
        out().println("|---|---|---|---|---|---|---|---|---|");
        for (ServingBenchmark.Measurement measurement : measurements) {
            WrkLoad.LoadResult result = measurement.result();
            String eachRound = measurement.rounds().stream()
                    .map(round -> String.format(Locale.ROOT, "%,.0f", round.requestsPerSecond()))
                    .collect(Collectors.joining(" / "));
            out().printf(Locale.ROOT, "| %s | %,.0f | %.2f | %s | %s | %d | %.2f | %s | %s |%n", measurement.target(),
                    result.requestsPerSecond(), result.meanMillis(), orDash(result.p50Millis()),
                    orDash(result.p99Millis()), result.errors(), result.requestsPerSecond() / bare,
                    orDash(measurement.serverCpuMicrosPerCall(), "%.1f"), eachRound);
        }
        double rest = throughput(measurements, "(b)");
        double grpc = throughput(measurements, "(c)");
        double grpcOneStream = throughput(measurements, "(c1)");
        double fastApi = throughput(measurements, "(d)");
        double restP99 = measurements.stream().filter(m -> m.target().endsWith("(b)")).findFirst()
                .map(m -> m.result().p99Millis()).orElse(Double.NaN);
        out().println();
        out().println("| goal | measured | met |");
        out().println("|---|---|---|");
        goal("(b) ≥ 85 % of (a) requests/s", "%.1f %%".formatted(100 * rest / bare), rest >= REST_SHARE_OF_BARE * bare);
        goal("(b) p99 ≤ 10 ms at " + load.connections + " connections", "%.2f ms".formatted(restP99),
                restP99 <= MAX_P99_MILLIS);
        if (!Double.isNaN(grpc)) {
            goal("(c) ≥ (b) requests/s, " + load.connections + " calls multiplexed as a gRPC channel sends them",
                    "%.2f ×".formatted(grpc / rest), grpc >= rest);
            goal("(c1) ≥ (b) requests/s, one call per connection as wrk sends them",
                    "%.2f ×".formatted(grpcOneStream / rest), grpcOneStream >= rest);
        }
        if (!Double.isNaN(fastApi)) {
            goal("(b) ≥ 20 × (d)", "%.1f ×".formatted(rest / fastApi), rest >= TIMES_FASTAPI * fastApi);
        }
        double empty = throughput(measurements, "(e)");
        double emptyOneStream = throughput(measurements, "(e1)");
        if (!Double.isNaN(empty)) {
            out().printf(Locale.ROOT, "%nMarquee's gRPC infer runs at %.2f of the empty grpc-java server multiplexed "
                    + "(c / e) and at %.2f of it with one call per connection (c1 / e1).%n",
                    grpc / empty, grpcOneStream / emptyOneStream);
        }
    }

    private static String orDash(double millis) {
        return orDash(millis, "%.2f");
    }

    private static String orDash(double value, String format) {
        return Double.isNaN(value) ? "—" : String.format(Locale.ROOT, format, value);
    }

    private void goal(String goal, String measured, boolean met) {
        out().printf(Locale.ROOT, "| %s | %s | %s |%n", goal, measured, met ? "yes" : "NO");
    }

    private static double throughput(List<ServingBenchmark.Measurement> measurements, String suffix) {
        return measurements.stream().filter(m -> m.target().endsWith(suffix)).findFirst()
                .map(m -> m.result().requestsPerSecond()).orElse(Double.NaN);
    }
}
