package dev.marquee.training;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.ModelManifest;

/** A finished training: the manifest (also inside the artifact) and the serialized artifact bytes to store. */
public record TrainedModel(ModelManifest manifest, byte[] artifact) {
    public TrainedModel {
        requireNonNull(manifest, "manifest is null");
        requireNonNull(artifact, "artifact is null");
    }
}
