package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an {@link ExplainableModel}'s per-feature contributions into per-input-column contributions: the features a
 * preprocessing step writes for one column (one per category of a one-hot encoding, say) add up to that column's
 * contribution, so explanations speak of the columns a caller sends. Immutable and thread-safe.
 */
public final class ColumnAttributions {
    private final FittedPipeline pipeline;
    private final ExplainableModel model;
    private final int[] columnOfFeature;

    public ColumnAttributions(FittedPipeline pipeline, ExplainableModel model) {
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.model = requireNonNull(model, "model is null");
        if (model.featureCount() != pipeline.featureCount()) {
            throw new IllegalArgumentException("model has %d features, pipeline %d"
                    .formatted(model.featureCount(), pipeline.featureCount()));
        }
        columnOfFeature = new int[pipeline.featureCount()];
        int feature = 0;
        for (int column = 0; column < pipeline.encoders().size(); column++) {
            for (int width = 0; width < pipeline.encoders().get(column).width(); width++) {
                columnOfFeature[feature++] = column;
            }
        }
    }

    /** What the contributions add up to; see {@link ExplainableModel#contributionScale()}. */
    public String scale() {
        return model.contributionScale();
    }

    /**
     * The contributions of one feature vector by input column.
     *
     * @return per model output, the contribution of each input column in pipeline order, then the base value
     */
    public double[][] contributions(double[] features) {
        int columns = pipeline.encoders().size();
        double[][] byFeature = new double[model.outputCount()][model.featureCount() + 1];
        model.contributions(features, byFeature);
        double[][] byColumn = new double[model.outputCount()][columns + 1];
        for (int output = 0; output < byFeature.length; output++) {
            for (int feature = 0; feature < columnOfFeature.length; feature++) {
                byColumn[output][columnOfFeature[feature]] += byFeature[output][feature];
            }
            byColumn[output][columns] = byFeature[output][model.featureCount()];
        }
        return byColumn;
    }

    /**
     * Global importance: the mean absolute contribution of each input column over the given rows, averaged over the
     * model's outputs, largest first.
     */
    public Map<String, Double> importance(double[][] features) {
        requireNonNull(features, "features is null");
        List<String> names = pipeline.columns();
        double[] totals = new double[names.size()];
        for (double[] row : features) {
            double[][] contributions = contributions(row);
            for (double[] output : contributions) {
                for (int column = 0; column < totals.length; column++) {
                    totals[column] += Math.abs(output[column]);
                }
            }
        }
        double rows = Math.max(1, features.length) * (double) model.outputCount();
        Integer[] order = new Integer[names.size()];
        Arrays.setAll(order, column -> column);
        Arrays.sort(order, Comparator.comparingDouble((Integer column) -> -totals[column]));
        Map<String, Double> importance = new LinkedHashMap<>();
        for (int column : order) {
            importance.put(names.get(column), totals[column] / rows);
        }
        return importance;
    }
}
