package dev.marquee.core;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One fitted preprocessing step: turns one raw input cell (see {@link LoadedModel} for the cell conventions) into
 * {@link #width()} features. Implementations are immutable and thread-safe, and are stored in the model artifact as
 * JSON with a {@code kind} property; renaming a kind or a property breaks stored artifacts.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = NumericEncoder.class, name = "numeric"),
    @JsonSubTypes.Type(value = BooleanEncoder.class, name = "boolean"),
    @JsonSubTypes.Type(value = CategoricalEncoder.class, name = "categorical"),
    @JsonSubTypes.Type(value = TimestampEncoder.class, name = "timestamp"),
    @JsonSubTypes.Type(value = DroppedColumn.class, name = "dropped"),
    @JsonSubTypes.Type(value = HashedCategoricalEncoder.class, name = "categorical_hashing"),
    @JsonSubTypes.Type(value = TfidfEncoder.class, name = "text_tfidf")
})
public sealed interface ColumnEncoder
        permits NumericEncoder,
                BooleanEncoder,
                CategoricalEncoder,
                HashedCategoricalEncoder,
                TimestampEncoder,
                TfidfEncoder,
                DroppedColumn {
    /** The input column this step reads. */
    String column();

    /** How many features this step writes. */
    int width();

    /**
     * Writes this step's features for one cell into {@code features[offset, offset + width())}.
     *
     * @param cell the raw cell, {@code null} when missing
     * @param row the row index, for error messages
     * @throws MarqueeException INVALID_ARGUMENT when the cell is of the wrong kind or not finite
     */
    void encode(Object cell, double[] features, int offset, int row);

    /** A one-line description with the fitted statistics, e.g. {@code "age: numeric, impute mean=41.2, ..."}. */
    String description();
}
