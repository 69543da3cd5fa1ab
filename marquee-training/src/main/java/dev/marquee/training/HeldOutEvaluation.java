package dev.marquee.training;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.ColumnAttribution;
import dev.marquee.core.ExplainableModel;
import dev.marquee.core.FittedModel;
import dev.marquee.core.FittedPipeline;
import dev.marquee.core.Metrics;
import dev.marquee.core.ModelEvaluation;
import dev.marquee.core.Task;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fitted model's evaluation on held-out rows: the scalar metrics of {@link Metrics} and the
 * {@link ModelEvaluation} (per-class metrics, confusion matrix, global feature importance when the model can attribute
 * its predictions).
 *
 * @param metrics by name, in a stable order
 */
record HeldOutEvaluation(Map<String, Double> metrics, ModelEvaluation evaluation) {
    /** Rows at most used for feature importance, which costs one attribution per row. */
    static final int MOST_IMPORTANCE_ROWS = 1_000;

    /** Rows at most used for feature importance by a model-agnostic method. */
    static final int MOST_AGNOSTIC_IMPORTANCE_ROWS = 50;

    HeldOutEvaluation {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(metrics, "metrics is null")));
        requireNonNull(evaluation, "evaluation is null");
    }

    /**
     * Scores the held-out rows and computes every metric.
     *
     * @param features the held-out rows, preprocessed by {@code pipeline}
     * @param targets per row, the value (regression) or class index (classification)
     * @param classes classification: the labels; regression: empty
     */
    static HeldOutEvaluation of(
            Task task,
            FittedPipeline pipeline,
            FittedModel model,
            double[][] features,
            double[] targets,
            List<String> classes) {
        double[][] outputs = new double[features.length][model.outputCount()];
        for (int row = 0; row < features.length; row++) {
            model.predict(features[row], outputs[row]);
        }
        // Model-agnostic attribution costs many model evaluations per row, so it looks at fewer rows.
        int importanceRows = model instanceof ExplainableModel ? MOST_IMPORTANCE_ROWS : MOST_AGNOSTIC_IMPORTANCE_ROWS;
        Map<String, Double> importance = ColumnAttribution.of(pipeline, model)
                .importance(Arrays.copyOf(features, Math.min(features.length, importanceRows)));
        return switch (task) {
            case REGRESSION -> new HeldOutEvaluation(
                    Metrics.regression(targets, Arrays.stream(outputs).mapToDouble(output -> output[0]).toArray()),
                    new ModelEvaluation(List.of(), List.of(), importance));
            case CLASSIFICATION -> {
                int[] actual = Arrays.stream(targets).mapToInt(target -> (int) target).toArray();
                List<List<Long>> confusion = Arrays.stream(Metrics.confusionMatrix(actual, outputs, classes.size()))
                        .map(row -> Arrays.stream(row).boxed().toList())
                        .toList();
                yield new HeldOutEvaluation(
                        Metrics.classification(actual, outputs),
                        new ModelEvaluation(Metrics.perClass(actual, outputs, classes), confusion, importance));
            }
        };
    }
}
