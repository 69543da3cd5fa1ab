package dev.marquee.core;

import static java.util.Objects.requireNonNull;

/**
 * The three parts of a model artifact, as {@link ModelArtifacts#readParts} reads them: already checked to agree with
 * each other (pipeline columns are the manifest inputs, the model scores the pipeline's features and has the
 * manifest's outputs). Immutable and thread-safe.
 */
public record ArtifactParts(ModelManifest manifest, FittedPipeline pipeline, FittedModel model) {
    public ArtifactParts {
        requireNonNull(manifest, "manifest is null");
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(model, "model is null");
    }
}
