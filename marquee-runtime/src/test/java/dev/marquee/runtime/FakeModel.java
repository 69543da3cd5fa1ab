package dev.marquee.runtime;

import dev.marquee.core.Column;
import dev.marquee.core.Explanation;
import dev.marquee.core.LoadedModel;
import dev.marquee.core.ModelManifest;
import dev.marquee.core.OutputSchema;
import dev.marquee.core.Predictions;
import dev.marquee.core.Provenance;
import dev.marquee.core.Task;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A hand-written model for binding tests: the score of a row is the sum of its numeric cells, plus 1 for each true
 * boolean and the length of each string; classification thresholds that score at 0.
 */
final class FakeModel implements LoadedModel {
    private final ModelManifest manifest;

    FakeModel(Task task, Column... inputs) {
        this.manifest = new ModelManifest(
                1,
                "fake",
                Map.of(),
                List.of(inputs),
                new OutputSchema("target", task, task == Task.CLASSIFICATION ? List.of("no", "yes") : List.of()),
                Map.of(),
                List.of(),
                new Provenance("ds", "0".repeat(64), 1, "test", "job", Instant.EPOCH));
    }

    @Override
    public ModelManifest manifest() {
        return manifest;
    }

    @Override
    public Predictions predict(Object[][] rows) {
        double[] values = new double[rows.length];
        String[] labels = new String[manifest.output().task() == Task.CLASSIFICATION ? rows.length : 0];
        double[][] probabilities = new double[labels.length][];
        for (int row = 0; row < rows.length; row++) {
            double score = 0;
            for (Object cell : rows[row]) {
                score += switch (cell) {
                    case Number number -> number.doubleValue();
                    case Boolean flag -> flag ? 1 : 0;
                    case String text -> text.length();
                    default -> throw new IllegalArgumentException("unexpected cell " + cell);
                };
            }
            if (labels.length > 0) {
                double yes = 1 / (1 + Math.exp(-score));
                values[row] = yes >= 0.5 ? 1 : 0;
                labels[row] = yes >= 0.5 ? "yes" : "no";
                probabilities[row] = new double[] {1 - yes, yes};
            } else {
                values[row] = score;
            }
        }
        return new Predictions(values, labels, probabilities);
    }

    @Override
    public Explanation explain(Object[][] rows) {
        throw new UnsupportedOperationException("the fake model does not explain");
    }
}
