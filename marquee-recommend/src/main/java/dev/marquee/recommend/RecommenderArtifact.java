package dev.marquee.recommend;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.ModelManifest;
import java.util.Arrays;
import java.util.Optional;

/**
 * A recommender read back from its artifact ({@link RecommenderArtifacts}): the manifest it was registered with, the
 * trained model ready to score, and the raw bytes of the item catalogue it was trained with, when one was given.
 * Immutable and thread-safe.
 */
public final class RecommenderArtifact {
    private final ModelManifest manifest;
    private final RecommenderModel model;
    /** Null when no catalogue was stored. */
    private final byte[] catalogue;

    RecommenderArtifact(ModelManifest manifest, RecommenderModel model, byte[] catalogue) {
        this.manifest = requireNonNull(manifest, "manifest is null");
        this.model = requireNonNull(model, "model is null");
        this.catalogue = catalogue;
    }

    public ModelManifest manifest() {
        return manifest;
    }

    public RecommenderModel model() {
        return model;
    }

    /** A copy of the catalogue file's bytes, as uploaded; empty when the model was trained without one. */
    public Optional<byte[]> catalogue() {
        return catalogue == null ? Optional.empty() : Optional.of(Arrays.copyOf(catalogue, catalogue.length));
    }
}
