package dev.marquee.cli;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.DoubleStream;

/**
 * Drives an HTTP endpoint with {@code wrk} (Debian package {@code wrk}): POSTs the same body over a fixed number of
 * keep-alive connections and reads throughput, latency percentiles and errors off its report.
 */
final class WrkLoad {
    private static final Pattern MEAN = Pattern.compile("Latency\\s+([0-9.]+)(us|ms|s)\\s");
    private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET_ERRORS =
            Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");

    private final String executable;
    private final int threads;
    private final Path workDirectory;

    /** @param threads wrk's threads; each drives an equal share of the connections */
    WrkLoad(String executable, int threads, Path workDirectory) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.executable = requireNonNull(executable, "executable is null");
        this.threads = threads;
        this.workDirectory = requireNonNull(workDirectory, "workDirectory is null");
    }

    /** Whether {@code wrk} runs here ({@code wrk --version} exits 1 by design, so only starting counts). */
    boolean available() {
        return ExternalProcess.runs(List.of(executable, "--version"));
    }

    /**
     * Runs {@code wrk} against {@code url} for {@code seconds} with {@code connections} connections.
     *
     * @param headers request headers besides the JSON content type
     */
    LoadResult run(String url, byte[] body, Map<String, String> headers, int connections, int seconds) {
        StringBuilder lua = new StringBuilder("wrk.method = \"POST\"\n")
                .append("wrk.headers[\"Content-Type\"] = \"application/json\"\n");
        headers.forEach((name, value) -> lua.append("wrk.headers[\"").append(name).append("\"] = \"")
                .append(value).append("\"\n"));
        lua.append("wrk.body = [==[").append(new String(body, StandardCharsets.UTF_8)).append("]==]\n");
        return runScript(url, lua.toString(), connections, seconds);
    }

    /**
     * Runs {@code wrk} with a Lua script of the caller's (one that varies each request, say) for {@code seconds} with
     * {@code connections} connections.
     */
    LoadResult runScript(String url, String luaScript, int connections, int seconds) {
        try {
            Path script = Files.createTempFile(workDirectory, "wrk", ".lua");
            Files.writeString(script, luaScript);
            String report = ExternalProcess.output(List.of(executable, "-t", Integer.toString(threads),
                    "-c", Integer.toString(connections),
                    "-d", seconds + "s", "--latency", "-s", script.toString(), url), seconds + 60L, TimeUnit.SECONDS);
            return parse(report);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LoadResult parse(String report) {
        Matcher throughput = REQUESTS_PER_SECOND.matcher(report);
        if (!throughput.find()) {
            throw new IllegalStateException("wrk printed no Requests/sec:\n" + report);
        }
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        Matcher mean = MEAN.matcher(report);
        double meanMillis = mean.find() ? millis(mean.group(1), mean.group(2)) : Double.NaN;
        Matcher percentile = PERCENTILE.matcher(report);
        while (percentile.find()) {
            double millis = millis(percentile.group(2), percentile.group(3));
            if (percentile.group(1).equals("50")) {
                p50 = millis;
            }
            else {
                p99 = millis;
            }
        }
        long errors = 0;
        Matcher non2xx = NON_2XX.matcher(report);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = SOCKET_ERRORS.matcher(report);
        if (socket.find()) {
            for (int group = 1; group <= 4; group++) {
                errors += Long.parseLong(socket.group(group));
            }
        }
        Matcher total = TOTAL.matcher(report);
        long requests = total.find() ? Long.parseLong(total.group(1)) : 0;
        return new LoadResult(Double.parseDouble(throughput.group(1)), meanMillis, p50, p99, requests, errors);
    }

    /** A latency as wrk and h2load print it ({@code 812.5us}, {@code 2.1ms}, {@code 1.2s}) in milliseconds. */
    static double millis(String number, String unit) {
        return Double.parseDouble(number) * switch (unit) {
            case "us" -> 0.001;
            case "ms" -> 1;
            default -> 1000;
        };
    }

    /**
     * What one load run measured.
     *
     * @param requestsPerSecond completed requests per second
     * @param meanMillis mean latency in milliseconds
     * @param p50Millis median latency in milliseconds (NaN when the tool reports none)
     * @param p99Millis 99th percentile latency in milliseconds (NaN when the tool reports none)
     * @param requests requests completed
     * @param errors non-2xx answers and socket errors
     */
    record LoadResult(
            double requestsPerSecond, double meanMillis, double p50Millis, double p99Millis, long requests, long errors) {
        /**
         * Several runs of one target as one: each rate and latency is the median over the runs (of the middle two for
         * an even count; NaN when the tool reported none), requests and errors are the runs' totals.
         */
        static LoadResult median(List<LoadResult> runs) {
            if (runs.isEmpty()) {
                throw new IllegalArgumentException("no runs to summarise");
            }
            return new LoadResult(
                    median(runs, LoadResult::requestsPerSecond),
                    median(runs, LoadResult::meanMillis),
                    median(runs, LoadResult::p50Millis),
                    median(runs, LoadResult::p99Millis),
                    runs.stream().mapToLong(LoadResult::requests).sum(),
                    runs.stream().mapToLong(LoadResult::errors).sum());
        }

        private static double median(List<LoadResult> runs, ToDoubleFunction<LoadResult> figure) {
            return median(runs.stream().mapToDouble(figure));
        }

        /** The median of at least one value (of the middle two for an even count); NaN sorts last. */
        static double median(DoubleStream values) {
            double[] sorted = values.sorted().toArray();
            int middle = sorted.length / 2;
            return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }

        /** One line for the progress log; percentiles the tool did not report are left out. */
        String describe() {
            String percentiles = Double.isNaN(p50Millis) || Double.isNaN(p99Millis) ? ""
                    : String.format(Locale.ROOT, ", p50 %.2f ms, p99 %.2f ms", p50Millis, p99Millis);
            return String.format(Locale.ROOT, "%.0f req/s, mean %.2f ms%s, %d errors", requestsPerSecond, meanMillis,
                    percentiles, errors);
        }
    }
}
