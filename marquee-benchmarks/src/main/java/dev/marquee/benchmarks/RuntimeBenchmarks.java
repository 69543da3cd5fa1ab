package dev.marquee.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link RuntimeBenchmark} with JMH and prints the goals of issue 4 as ratios against the bare model measured in
 * the same run: per-request overhead (runtime minus bare, µs) and batched rows per second per core. Writes the
 * scores to {@code bench-results/runtime.json}. Arguments are passed to JMH (e.g. {@code -f 1 -wi 2 -i 3}).
 */
public final class RuntimeBenchmarks {
    private static final double MAX_OVERHEAD_MICROS = 20;
    private static final double MIN_ROWS_PER_SECOND = 1_000_000;

    private RuntimeBenchmarks() {}

    public static void main(String[] arguments) throws RunnerException, CommandLineOptionException {
        Options options = new OptionsBuilder()
                .parent(new CommandLineOptions(arguments))
                .include(RuntimeBenchmark.class.getName())
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, Double> scores = new LinkedHashMap<>();
        for (RunResult result : results) {
            String label = result.getParams().getBenchmark();
            scores.put(label.substring(label.lastIndexOf('.') + 1), result.getPrimaryResult().getScore());
        }
        double bare = scores.getOrDefault("bareModelCall", Double.NaN);
        double tensor = scores.getOrDefault("runtimeTensorRequest", Double.NaN);
        double endpoint = scores.getOrDefault("runtimeEndpointRequest", Double.NaN);
        double json = scores.getOrDefault("runtimeJsonRequest", Double.NaN);
        double batched = scores.getOrDefault("batchedRuntimeScoring", Double.NaN);
        double bareBatched = scores.getOrDefault("batchedBareScoring", Double.NaN);
        System.out.println();
        System.out.println("| measure | value | baseline in the same run | goal | met |");
        System.out.println("|---|---|---|---|---|");
        row("single row, bare model call", "%.2f µs".formatted(bare), "—", "—", "");
        row("single row, tensor binding overhead (ModelBinding alone)", "%.2f µs".formatted(tensor - bare),
                "%.2f µs bare".formatted(bare), "—", "");
        row("single row, runtime overhead (endpoint, router, scheduler, cache, metrics)",
                "%.2f µs".formatted(endpoint - bare), "%.2f µs bare".formatted(bare), "≤ 20 µs",
                met(endpoint - bare <= MAX_OVERHEAD_MICROS));
        row("single row, runtime overhead with OIP JSON parse + write", "%.2f µs".formatted(json - bare),
                "%.2f µs bare".formatted(bare), "≤ 20 µs", met(json - bare <= MAX_OVERHEAD_MICROS));
        row("batched linear scoring, runtime (1 thread)", "%,.0f rows/s".formatted(batched),
                "%,.0f rows/s bare (%.2f×)".formatted(bareBatched, batched / bareBatched), "≥ 1,000,000 rows/s",
                met(batched >= MIN_ROWS_PER_SECOND));
        write(scores);
    }

    private static String met(boolean met) {
        return met ? "yes" : "NO";
    }

    private static void row(String measure, String value, String baseline, String goal, String met) {
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", measure, value, baseline, goal, met);
    }

    private static void write(Map<String, Double> scores) {
        StringBuilder json = new StringBuilder("{\n");
        scores.forEach((name, score) -> json.append("  \"").append(name).append("\": ")
                .append(String.format(Locale.ROOT, "%.4f", score)).append(",\n"));
        json.setLength(json.length() - 2);
        json.append("\n}\n");
        try {
            Path directory = Files.createDirectories(Path.of("bench-results"));
            Path temporary = Files.createTempFile(directory, "runtime", ".json");
            Files.writeString(temporary, json);
            Files.move(temporary, directory.resolve("runtime.json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
