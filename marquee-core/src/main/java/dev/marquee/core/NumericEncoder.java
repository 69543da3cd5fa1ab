package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.marquee.core.PreprocessingOptions.Impute;
import dev.marquee.core.PreprocessingOptions.Scaling;
import java.util.List;
import java.util.Optional;

/**
 * A NUMERIC column: a missing value (or, with {@code invalidAsMissing}, an invalid one) becomes {@code imputed}; a
 * present value is clipped to the training range when {@code clip}; then the feature is
 * {@code (value - center) / scale}. With {@code missingIndicator} a second feature is 1 for a missing or invalid cell
 * and 0 otherwise. Writes one or two features.
 *
 * <p>Artifacts written before these options stored only {@code column}, {@code mean} and {@code scale}; they read as
 * standard scaling and mean imputation with {@code mean}, which is exactly what they meant.
 *
 * @param scaling how {@code center} and {@code scale} were fitted, for the description
 * @param center subtracted from every value
 * @param scale divides every centred value; positive
 * @param impute how {@code imputed} was fitted, for the description
 * @param imputed the value of a missing cell
 * @param missingIndicator whether a "was missing" feature follows
 * @param clip whether present values are clipped to {@code range}; requires a range
 * @param range the training minimum and maximum; empty when training had no value, or for old artifacts
 * @param invalidAsMissing whether an invalid cell is treated as missing instead of failing
 * @param report what fitting saw in the training cells
 */
public record NumericEncoder(
        String column,
        Scaling scaling,
        double center,
        double scale,
        Impute impute,
        double imputed,
        boolean missingIndicator,
        boolean clip,
        Optional<ValueRange> range,
        boolean invalidAsMissing,
        CellReport report)
        implements ColumnEncoder {
    public NumericEncoder {
        requireNonNull(column, "column is null");
        requireNonNull(scaling, "scaling is null");
        requireNonNull(impute, "impute is null");
        requireNonNull(range, "range is null");
        requireNonNull(report, "report is null");
        Standardisation.check(column, center, scale);
        if (!Double.isFinite(imputed)) {
            throw new IllegalArgumentException(column + ": imputed value must be finite: " + imputed);
        }
        if (clip && range.isEmpty()) {
            throw new IllegalArgumentException(column + ": clipping needs a training range");
        }
    }

    /** Today's step: mean imputation and standardisation with the training mean and standard deviation. */
    public NumericEncoder(String column, double mean, double scale) {
        this(column, Scaling.STANDARD, mean, scale, Impute.MEAN, mean, false, false, Optional.empty(), false,
                CellReport.EMPTY);
    }

    @JsonCreator
    static NumericEncoder fromJson(
            @JsonProperty("column") String column,
            @JsonProperty("mean") Double mean,
            @JsonProperty("scaling") Scaling scaling,
            @JsonProperty("center") Double center,
            @JsonProperty("scale") double scale,
            @JsonProperty("impute") Impute impute,
            @JsonProperty("imputed") Double imputed,
            @JsonProperty("missingIndicator") Boolean missingIndicator,
            @JsonProperty("clip") Boolean clip,
            @JsonProperty("range") Optional<ValueRange> range,
            @JsonProperty("invalidAsMissing") Boolean invalidAsMissing,
            @JsonProperty("report") CellReport report) {
        // Format 1 artifacts have "mean" in place of "center" and "imputed".
        double legacyMean = mean == null ? 0 : mean;
        return new NumericEncoder(
                column,
                scaling == null ? Scaling.STANDARD : scaling,
                center == null ? legacyMean : center,
                scale,
                impute == null ? Impute.MEAN : impute,
                imputed == null ? legacyMean : imputed,
                Boolean.TRUE.equals(missingIndicator),
                Boolean.TRUE.equals(clip),
                range == null ? Optional.empty() : range,
                Boolean.TRUE.equals(invalidAsMissing),
                report == null ? CellReport.EMPTY : report);
    }

    /** Fits today's step on the values of the column at {@code index} in the training rows. */
    public static NumericEncoder fit(String column, List<Object[]> rows, int index) {
        return fit(column, rows, index, PreprocessingOptions.defaults());
    }

    /** Fits the step on the values of the column at {@code index} in the training rows. */
    public static NumericEncoder fit(String column, List<Object[]> rows, int index, PreprocessingOptions options) {
        boolean lenient = options.invalidValues() == PreprocessingOptions.InvalidValues.MISSING;
        NumericFit fit = NumericFit.fit(
                rows,
                index,
                (cell, row, counter) -> NumericCells.number(cell, column, row, lenient, counter),
                options.scaling(),
                options.impute(),
                options.fillValue());
        return new NumericEncoder(
                column,
                options.scaling(),
                fit.center(),
                fit.scale(),
                options.impute(),
                fit.imputed(),
                options.missingIndicator(),
                options.clipToTrainingRange() && fit.range().isPresent(),
                fit.range(),
                lenient,
                fit.report());
    }

    @Override
    public int width() {
        return missingIndicator ? 2 : 1;
    }

    @Override
    public void encode(Object cell, double[] features, int offset, int row) {
        double value = NumericCells.number(cell, column, row, invalidAsMissing, null);
        boolean missing = Double.isNaN(value);
        if (missing) {
            value = imputed;
        }
        else if (clip) {
            value = range.orElseThrow().clip(value);
        }
        features[offset] = (value - center) / scale;
        if (missingIndicator) {
            features[offset + 1] = missing ? 1 : 0;
        }
    }

    @Override
    public String description() {
        return column + ": numeric, " + ScaledDescriptions.describe(this.impute, imputed, scaling, center, scale)
                + ScaledDescriptions.details(range, clip, missingIndicator, report, invalidAsMissing);
    }
}
