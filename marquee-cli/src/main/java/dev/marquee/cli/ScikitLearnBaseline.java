package dev.marquee.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marquee.core.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the scikit-learn side of the tabular benchmark ({@code sklearn_tabular.py}, shipped inside the CLI) with a
 * Python that has scikit-learn, e.g. Debian's {@code python3-sklearn}; XGBoost's Python package is used for the
 * boosting counterpart when present.
 */
final class ScikitLearnBaseline {
    private static final String SCRIPT = "sklearn_tabular.py";

    private final String python;
    private final ObjectMapper mapper = Json.newObjectMapper();

    ScikitLearnBaseline(String python) {
        this.python = requireNonNull(python, "python is null");
    }

    /** Whether the Python interpreter runs and imports scikit-learn. */
    boolean available() {
        return ExternalProcess.succeeds(List.of(python, "-c", "import sklearn"));
    }

    /** Runs the baseline and hands over every result line as it arrives. */
    void run(
            Path dataDirectory,
            List<String> datasets,
            List<String> algorithms,
            int seeds,
            Optional<Path> largeFile,
            Path workDirectory,
            Consumer<BenchmarkResult> results,
            PrintWriter log) {
        Path script = BenchmarkFiles.extractResource(SCRIPT, workDirectory);
        List<String> command = new ArrayList<>(List.of(
                python, script.toString(),
                "--data-dir", dataDirectory.toString(),
                "--datasets", String.join(",", datasets),
                "--algorithms", String.join(",", algorithms),
                "--repeats", Integer.toString(TabularBenchmark.SMALL_REPEATS),
                "--seeds", Integer.toString(seeds)));
        largeFile.ifPresent(file -> command.addAll(List.of(
                "--large-file", file.toString(),
                "--large-features", Integer.toString(TabularBenchmark.largeFeatures()),
                "--large-test-rows", Long.toString(TabularBenchmark.largeTestRows(largeRows(file))),
                "--large-algorithms", String.join(",", largeAlgorithms(algorithms)))));
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    JsonNode node = mapper.readTree(line);
                    BenchmarkResult result = new BenchmarkResult(
                            node.path("dataset").asText(),
                            node.path("algorithm").asText(),
                            node.path("library").asText(),
                            node.path("metric").asText(),
                            node.path("value").asDouble(),
                            node.path("seconds").asDouble());
                    log.printf("  %-14s %-20s %s %.4f in %.3f s (%s)%n", result.dataset(), result.algorithm(),
                            result.metric(), result.value(), result.seconds(), result.library());
                    log.flush();
                    results.accept(result);
                }
            }
            if (process.waitFor() != 0) {
                log.printf("  the scikit-learn baseline exited with status %d%n", process.exitValue());
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> largeAlgorithms(List<String> algorithms) {
        return TabularBenchmark.LARGE_ALGORITHMS.keySet().stream()
                .filter(algorithms::contains)
                .sorted()
                .toList();
    }

    private static int largeRows(Path file) {
        try {
            return (int) (Files.size(file) / Double.BYTES / (TabularBenchmark.largeFeatures() + 1));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
