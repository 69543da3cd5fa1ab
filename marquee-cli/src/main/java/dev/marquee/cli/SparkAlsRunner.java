package dev.marquee.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.core.Json;
import dev.marquee.recommend.FactorScoring;
import dev.marquee.recommend.Interactions;
import dev.marquee.recommend.RecommenderModel;
import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.File;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Runs Spark MLlib implicit ALS ({@code marquee-spark}, built with {@code -Pspark}) in a separate JVM on the training
 * interactions of a split, and turns the factors it writes back into a model the benchmark's evaluator scores.
 *
 * <p>Spark regularises ALS-WR style: user {@code u}'s normal equations get {@code regParam * n_u} on the diagonal
 * ({@code n_u} its interactions; items likewise), where implicit ALS (Hu-Koren-Volinsky, and Marquee) adds a flat
 * {@code regularization}. The two agree on average when {@code regParam = regularization / m}, with {@code m} the mean
 * number of interactions per factor row, users and items together: {@code 2 * interactions / (users + items)}.
 */
final class SparkAlsRunner {
    private static final long TIMEOUT_MINUTES = 120;

    private final Path jar;
    private final String java;
    private final String heap;
    private final Path work;

    SparkAlsRunner(Path jar, String java, String heap, Path work) {
        this.jar = requireNonNull(jar, "jar is null");
        this.java = requireNonNull(java, "java is null");
        this.heap = requireNonNull(heap, "heap is null");
        this.work = requireNonNull(work, "work is null");
    }

    boolean available() {
        return Files.isRegularFile(jar) && Files.isDirectory(jar.resolveSibling("lib"));
    }

    /** Spark's regParam equivalent, on average, to a flat implicit-ALS regularization on these interactions. */
    static double regParam(double regularization, Interactions training) {
        double meanPerRow = 2.0 * training.size() / (training.userCount() + training.itemCount());
        return regularization / meanPerRow;
    }

    /** The outcome: the trained model, Spark's session start and its fit time. */
    record Run(RecommenderModel model, double regParam, double startSeconds, double fitSeconds) {}

    Run fit(Interactions training, int factors, int iterations, double alpha, double regularization,
            boolean weightedRegularization, long seed, int threads) {
        Path pairs = work.resolve("spark-train.csv");
        Path output = work.resolve("spark-factors.bin");
        try (BufferedWriter writer = Files.newBufferedWriter(pairs, StandardCharsets.US_ASCII)) {
            for (int user = 0; user < training.userCount(); user++) {
                for (int position = training.start(user); position < training.end(user); position++) {
                    writer.write(Integer.toString(user));
                    writer.write(',');
                    writer.write(Integer.toString(training.itemAt(position)));
                    writer.write('\n');
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot write " + pairs, e);
        }
        // Weighted regularization is Spark's own scheme, so the same value means the same objective.
        double regParam = weightedRegularization ? regularization : regParam(regularization, training);
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap,
                "-cp", jar + File.pathSeparator + jar.resolveSibling("lib") + "/*",
                "dev.marquee.spark.SparkAlsBaseline",
                "--train", pairs.toString(), "--output", output.toString(),
                "--factors", Integer.toString(factors), "--iterations", Integer.toString(iterations),
                "--alpha", Double.toString(alpha), "--reg-param", String.format(Locale.ROOT, "%.10g", regParam),
                "--seed", Long.toString(seed), "--threads", Integer.toString(threads)));
        String text = ExternalProcess.output(command, TIMEOUT_MINUTES, TimeUnit.MINUTES);
        String last = text.lines().filter(line -> line.startsWith("{\"startSeconds\"")).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("Spark printed no timings:\n" + text));
        try {
            JsonNode timings = Json.newObjectMapper().readTree(last);
            float[][] factorRows = read(output, factors, training.userCount(), training.itemCount());
            return new Run(new TrainedFactors(training, factors, factorRows[0], factorRows[1]), regParam,
                    timings.get("startSeconds").asDouble(), timings.get("fitSeconds").asDouble());
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read Spark's output", e);
        }
    }

    /** Users, then items; rows Spark did not return (no training interactions) stay zero. */
    private static float[][] read(Path file, int factors, int users, int items) throws IOException {
        float[][] result = {new float[users * factors], new float[items * factors]};
        try (InputStream input = Files.newInputStream(file);
                DataInputStream data = new DataInputStream(new BufferedInputStream(input))) {
            for (float[] rows : result) {
                int count = data.readInt();
                for (int row = 0; row < count; row++) {
                    int index = data.readInt();
                    for (int factor = 0; factor < factors; factor++) {
                        rows[index * factors + factor] = data.readFloat();
                    }
                }
            }
        }
        return result;
    }

    /** Factors trained elsewhere: scores training users by inner product; there is no fold-in. */
    record TrainedFactors(Interactions training, int factors, float[] userFactors, float[] itemFactors)
            implements RecommenderModel {
        @Override
        public void score(int user, float[] scores) {
            FactorScoring.scoreAll(userFactors, user * factors, itemFactors, factors, scores);
        }

        @Override
        public void scoreHistory(int[] history, float[] scores) {
            throw new UnsupportedOperationException("Spark's factors score training users only");
        }
    }
}
