package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The {@link ColumnAttribution} of an {@link ExplainableModel}: its per-feature contributions summed per input
 * column — the features a preprocessing step writes for one column (one per category of a one-hot encoding, say) add
 * up to that column's contribution, so explanations speak of the columns a caller sends. Immutable and thread-safe.
 */
public final class ModelContributions implements ColumnAttribution {
    private final FittedPipeline pipeline;
    private final ExplainableModel model;
    private final int[] columnOfFeature;

    public ModelContributions(FittedPipeline pipeline, ExplainableModel model) {
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

    @Override
    public String method() {
        return model.contributionMethod();
    }

    @Override
    public String scale() {
        return model.contributionScale();
    }

    @Override
    public List<String> columns() {
        return pipeline.columns();
    }

    @Override
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
}
