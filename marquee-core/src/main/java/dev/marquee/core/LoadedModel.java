package dev.marquee.core;

/**
 * A model read from its artifact, ready to score. Implementations are immutable and thread-safe.
 *
 * <p>Input rows follow {@link ModelManifest#inputs()} order. Cell values: {@code Double} (or any {@code Number})
 * for NUMERIC, {@code Boolean} for BOOLEAN, {@code String} for CATEGORICAL, TEXT and TIMESTAMP (ISO-8601 or epoch
 * seconds), {@code null} for a missing value (imputed by the fitted pipeline). A value of the wrong kind, or a NaN
 * or infinite number, is an {@link ErrorCode#INVALID_ARGUMENT} naming the column.
 */
public interface LoadedModel {
    ModelManifest manifest();

    Predictions predict(Object[][] rows);

    /**
     * Explains the predictions of the rows by input column: the model's own exact contributions where it has them
     * (linear models, trees, boosting), else model-agnostic baseline Shapley values; see {@link ColumnAttribution}.
     * Bad cells fail as in {@link #predict}.
     */
    Explanation explain(Object[][] rows);
}
