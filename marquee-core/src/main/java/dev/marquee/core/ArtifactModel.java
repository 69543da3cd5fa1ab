package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link LoadedModel} made of the three parts of an artifact. Immutable and thread-safe. */
record ArtifactModel(ModelManifest manifest, FittedPipeline pipeline, FittedModel model) implements LoadedModel {
    ArtifactModel {
        requireNonNull(manifest, "manifest is null");
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(model, "model is null");
    }

    /**
     * The model, after checking that its parts agree with each other.
     *
     * @throws MarqueeException DATA_CORRUPTED when they do not
     */
    static ArtifactModel of(ModelManifest manifest, FittedPipeline pipeline, FittedModel model) {
        List<String> inputs = manifest.inputs().stream().map(Column::name).toList();
        if (!inputs.equals(pipeline.columns())) {
            throw corrupted("manifest inputs %s differ from pipeline columns %s", inputs, pipeline.columns());
        }
        if (model.featureCount() != pipeline.featureCount()) {
            throw corrupted(
                    "model expects %d features but the pipeline makes %d",
                    model.featureCount(),
                    pipeline.featureCount());
        }
        int outputs = switch (manifest.output().task()) {
            case REGRESSION -> 1;
            case CLASSIFICATION -> manifest.output().classes().size();
        };
        if (model.outputCount() != outputs) {
            throw corrupted("model has %d outputs but the manifest needs %d", model.outputCount(), outputs);
        }
        return new ArtifactModel(manifest, pipeline, model);
    }

    @Override
    public Predictions predict(Object[][] rows) {
        requireNonNull(rows, "rows is null");
        return switch (manifest.output().task()) {
            case REGRESSION -> regress(rows);
            case CLASSIFICATION -> classify(rows);
        };
    }

    @Override
    public Explanation explain(Object[][] rows) {
        requireNonNull(rows, "rows is null");
        ColumnAttribution attribution = ColumnAttribution.of(pipeline, model);
        List<String> columns = attribution.columns();
        List<String> outputs = switch (manifest.output().task()) {
            case REGRESSION -> List.of(manifest.output().target());
            case CLASSIFICATION -> manifest.output().classes();
        };
        List<Explanation.Row> explained = new ArrayList<>(rows.length);
        for (int row = 0; row < rows.length; row++) {
            double[][] contributions = attribution.contributions(pipeline.transform(rows[row], row));
            List<Double> base = new ArrayList<>(outputs.size());
            Map<String, List<Double>> byColumn = new LinkedHashMap<>();
            for (int column = 0; column < columns.size(); column++) {
                List<Double> perOutput = new ArrayList<>(outputs.size());
                for (double[] output : contributions) {
                    perOutput.add(output[column]);
                }
                byColumn.put(columns.get(column), perOutput);
            }
            for (double[] output : contributions) {
                base.add(output[columns.size()]);
            }
            explained.add(new Explanation.Row(base, byColumn));
        }
        return new Explanation(attribution.method(), attribution.scale(), outputs, explained);
    }

    private Predictions regress(Object[][] rows) {
        double[] values = new double[rows.length];
        double[] output = new double[1];
        for (int row = 0; row < rows.length; row++) {
            model.predict(pipeline.transform(rows[row], row), output);
            values[row] = output[0];
        }
        return new Predictions(values, new String[0], new double[0][]);
    }

    private Predictions classify(Object[][] rows) {
        List<String> classes = manifest.output().classes();
        double[] values = new double[rows.length];
        String[] labels = new String[rows.length];
        double[][] probabilities = new double[rows.length][];
        for (int row = 0; row < rows.length; row++) {
            probabilities[row] = new double[classes.size()];
            model.predict(pipeline.transform(rows[row], row), probabilities[row]);
            int best = Metrics.mostProbable(probabilities[row]);
            values[row] = best;
            labels[row] = classes.get(best);
        }
        return new Predictions(values, labels, probabilities);
    }

    private static MarqueeException corrupted(String format, Object... arguments) {
        return new MarqueeException(
                ErrorCode.DATA_CORRUPTED, "model artifact is inconsistent: " + format.formatted(arguments));
    }
}
