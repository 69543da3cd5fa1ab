package dev.marquee.training;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.ModelManifest;
import java.time.Duration;

/**
 * A finished training: the manifest (also inside the artifact) and the serialized artifact bytes to store.
 *
 * @param fitTime wall-clock time of fitting the preprocessing and the algorithm on the training rows, any tuning or
 *     cross-validation included; kept out of the artifact so that the same data, parameters and seed always give the same artifact bytes
 */
public record TrainedModel(ModelManifest manifest, byte[] artifact, Duration fitTime) {
    public TrainedModel {
        requireNonNull(manifest, "manifest is null");
        requireNonNull(artifact, "artifact is null");
        requireNonNull(fitTime, "fitTime is null");
    }
}
