package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import dev.marquee.recommend.ItemIndexSettings;
import dev.marquee.store.ModelFormat;

/**
 * The {@link ModelLoader} for every kind of artifact the registry holds: Marquee artifacts bound by
 * {@link ModelBinding}, ONNX models by {@link OnnxServedModel}, XGBoost models by {@link XgboostServedModel},
 * recommenders by {@link RecommenderServedModel}; the kind is {@linkplain ArtifactFormats#detect detected} from the
 * bytes. Stateless.
 */
public final class ServedModels {
    private ServedModels() {}

    /** The loader of {@link #load(ModelFormat, byte[])}, recommenders' item indexes built with {@code settings}. */
    public static ModelLoader loader(ItemIndexSettings settings) {
        requireNonNull(settings, "settings is null");
        return artifact -> {
            ModelFormat format = ArtifactFormats.detect(artifact);
            return format == ModelFormat.RECOMMENDER
                    ? RecommenderServedModel.load(artifact, settings)
                    : load(format, artifact);
        };
    }

    /** Loads a verified artifact of any kind. */
    public static ServedModel load(byte[] artifact) {
        return load(ArtifactFormats.detect(artifact), artifact);
    }

    /** Loads an artifact as {@code format}; INVALID_ARGUMENT saying why when it is not a loadable model of it. */
    public static ServedModel load(ModelFormat format, byte[] artifact) {
        return switch (format) {
            case MARQUEE -> ModelBinding.load(artifact);
            case ONNX -> OnnxServedModel.load(artifact);
            case XGBOOST -> XgboostServedModel.load(artifact);
            case RECOMMENDER -> RecommenderServedModel.load(artifact);
        };
    }
}
