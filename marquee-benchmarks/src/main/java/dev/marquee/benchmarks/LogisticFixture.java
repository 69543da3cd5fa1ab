package dev.marquee.benchmarks;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.CsvDatasets;
import dev.marquee.core.CsvLimits;
import dev.marquee.core.DatasetProfile;
import dev.marquee.core.ProgressListener;
import dev.marquee.core.Provenance;
import dev.marquee.core.Table;
import dev.marquee.training.TrainingPipeline;
import dev.marquee.training.TrainingSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A logistic regression over {@code features} numeric columns trained on a seeded generated set, the model the
 * benchmarks score, plus rows to score with it.
 *
 * @param artifact the trained model artifact
 * @param rows generated feature rows (not the training rows)
 */
record LogisticFixture(byte[] artifact, double[][] rows) {
    static final int FEATURES = 30;

    LogisticFixture {
        requireNonNull(artifact, "artifact is null");
        requireNonNull(rows, "rows is null");
    }

    static LogisticFixture train(int scoringRows) {
        SplittableRandom random = new SplittableRandom(42);
        double[] weights = random.doubles(FEATURES, -1, 1).toArray();
        StringBuilder csv = new StringBuilder();
        for (int feature = 0; feature < FEATURES; feature++) {
            csv.append('x').append(feature).append(',');
        }
        csv.append("target\n");
        for (int row = 0; row < 2_000; row++) {
            double score = 0;
            for (int feature = 0; feature < FEATURES; feature++) {
                double value = random.nextGaussian();
                score += weights[feature] * value;
                csv.append(value).append(',');
            }
            csv.append(score + random.nextGaussian() > 0 ? "yes" : "no").append('\n');
        }
        try {
            Path file = Files.createTempFile("marquee-benchmark", ".csv");
            try {
                Files.writeString(file, csv);
                DatasetProfile profile = CsvDatasets.profile(file, CsvLimits.DEFAULT);
                Table table = CsvDatasets.read(file, CsvLimits.DEFAULT);
                byte[] artifact = new TrainingPipeline()
                        .train(table, profile.schema(),
                                new TrainingSpec("target", "logistic_regression", Map.of(), 42, 0.2),
                                new Provenance("benchmark", "00".repeat(32), 42, "benchmark", "benchmark", Instant.EPOCH),
                                ProgressListener.NONE, () -> false)
                        .artifact();
                double[][] rows = new double[scoringRows][];
                for (int row = 0; row < scoringRows; row++) {
                    rows[row] = random.doubles(FEATURES).map(value -> value * 2 - 1).toArray();
                }
                return new LogisticFixture(artifact, rows);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
