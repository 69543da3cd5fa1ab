package dev.marquee.store;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.marquee.core.MarqueeException;
import java.util.Arrays;
import java.util.Locale;

/**
 * What kind of file a model version's artifact is: a Marquee artifact written by training, or a model file a user
 * uploaded and Marquee serves as it is.
 */
public enum ModelFormat {
    /** A Marquee model artifact (see {@code ModelArtifacts}), written by a training job. */
    MARQUEE,
    /** An ONNX model ({@code ModelProto}), served by ONNX Runtime. */
    ONNX,
    /** An XGBoost model in the JSON or UBJSON format of XGBoost's {@code save_model}, served by XGBoost4J. */
    XGBOOST,
    /** A Marquee recommender artifact ({@code RecommenderArtifacts}), written by a recommender training job. */
    RECOMMENDER;

    /** Whether versions of this format come from a user's upload rather than from training. */
    public boolean uploaded() {
        return switch (this) {
            case MARQUEE, RECOMMENDER -> false;
            case ONNX, XGBOOST -> true;
        };
    }

    /** The lower-case name used in the API and the database, e.g. {@code onnx}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a {@link #wireName()} read from JSON. */
    @JsonCreator
    public static ModelFormat fromWireName(String text) {
        return parse("format", text);
    }

    /** Parses a {@link #wireName()}; anything else is INVALID_ARGUMENT naming {@code field}. */
    public static ModelFormat parse(String field, String text) {
        for (ModelFormat format : values()) {
            if (format.wireName().equals(text)) {
                return format;
            }
        }
        throw MarqueeException.invalid(
                "'%s' must be one of %s, was '%s'",
                field, Arrays.stream(values()).map(ModelFormat::wireName).toList(), text);
    }
}
