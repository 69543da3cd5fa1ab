package dev.marquee.classic;

import dev.marquee.core.Column;
import dev.marquee.core.FittedModel;
import dev.marquee.core.FittedPipeline;
import dev.marquee.core.ModelArtifacts;
import dev.marquee.core.ModelManifest;
import dev.marquee.core.OutputSchema;
import dev.marquee.core.ProgressListener;
import dev.marquee.core.Provenance;
import dev.marquee.core.Task;
import dev.marquee.core.TrainingContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Shared helpers for the algorithm tests. */
final class Fixtures {
    static final TrainingContext QUIET = new TrainingContext(1, ProgressListener.NONE, () -> false);

    private Fixtures() {}

    /** Artifact bytes for a model, with a manifest that matches the pipeline and the output. */
    static byte[] artifact(
            String algorithm, List<Column> inputs, OutputSchema output, FittedPipeline pipeline, FittedModel model) {
        ModelManifest manifest = new ModelManifest(
                ModelArtifacts.FORMAT_VERSION,
                algorithm,
                Map.of(),
                inputs,
                output,
                Map.of(),
                pipeline.description(),
                new Provenance("ds", "00".repeat(32), 1, "test", "job", Instant.EPOCH));
        return ModelArtifacts.write(manifest, pipeline, model);
    }

    static OutputSchema regression(String target) {
        return new OutputSchema(target, Task.REGRESSION, List.of());
    }

    static double[] predictAll(FittedModel model, double[][] features) {
        double[] predictions = new double[features.length];
        double[] output = new double[model.outputCount()];
        for (int row = 0; row < features.length; row++) {
            model.predict(features[row], output);
            predictions[row] = output[model.outputCount() - 1];
        }
        return predictions;
    }
}
