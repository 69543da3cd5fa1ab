package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Attributes a model's outputs to its input columns (the columns a caller sends, not the encoded features), so that
 * for every output {@code base + Σ contributions = output} on {@link #scale()}. Implementations are immutable and
 * thread-safe.
 */
public sealed interface ColumnAttribution permits ModelContributions, BaselineShapley {
    /**
     * The best attribution the model allows: its own exact contributions when it is an {@link ExplainableModel},
     * else model-agnostic {@link BaselineShapley} values.
     */
    static ColumnAttribution of(FittedPipeline pipeline, FittedModel model) {
        requireNonNull(model, "model is null");
        return model instanceof ExplainableModel explainable
                ? new ModelContributions(pipeline, explainable)
                : new BaselineShapley(pipeline, model);
    }

    /** How the contributions were computed, e.g. {@code exact}, {@code tree_shap}, {@code baseline_shapley}. */
    String method();

    /** What the contributions add up to, e.g. {@code log_odds}, {@code probability} or {@code value}. */
    String scale();

    /** The input column names, in order. */
    List<String> columns();

    /**
     * The contributions for one preprocessed feature vector.
     *
     * @return per model output, the contribution of each input column in {@link #columns()} order, then the base
     */
    double[][] contributions(double[] features);

    /**
     * Global importance: the mean absolute contribution of each input column over the given rows, averaged over the
     * model's outputs, largest first.
     */
    default Map<String, Double> importance(double[][] features) {
        requireNonNull(features, "features is null");
        List<String> names = columns();
        double[] totals = new double[names.size()];
        int outputs = 0;
        for (double[] row : features) {
            double[][] contributions = contributions(row);
            outputs = contributions.length;
            for (double[] output : contributions) {
                for (int column = 0; column < totals.length; column++) {
                    totals[column] += Math.abs(output[column]);
                }
            }
        }
        double count = Math.max(1, features.length) * (double) Math.max(1, outputs);
        Integer[] order = new Integer[names.size()];
        Arrays.setAll(order, column -> column);
        Arrays.sort(order, Comparator.comparingDouble((Integer column) -> -totals[column]));
        Map<String, Double> importance = new LinkedHashMap<>();
        for (int column : order) {
            importance.put(names.get(column), totals[column] / count);
        }
        return importance;
    }
}
