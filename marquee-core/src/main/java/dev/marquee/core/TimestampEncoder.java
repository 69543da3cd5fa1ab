package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.marquee.core.PreprocessingOptions.Impute;
import dev.marquee.core.PreprocessingOptions.Scaling;
import dev.marquee.core.PreprocessingOptions.TimestampFeatures;
import java.util.List;
import java.util.Optional;

/**
 * A TIMESTAMP column, read as epoch seconds (UTC; an offset in the text is applied first). A missing value (or, with
 * {@code invalidAsMissing}, an invalid or out-of-range one) becomes {@code imputed}; a present value is clipped to
 * the training range when {@code clip}. Features, in order:
 *
 * <ol>
 *   <li>{@code (seconds - center) / scale};
 *   <li>with {@code features=all}: the age {@code (latest - seconds) / scale}, where {@code latest} is the latest
 *       training timestamp (an affine function of the first feature, kept because trees split on it differently);
 *       then hour of day as {@code sin, cos} of {@code 2π·secondOfDay/86400} and day of week as {@code sin, cos} of
 *       {@code 2π·dayIndex/7} (Monday 0), both in UTC. Cyclic pairs keep 23:00 next to 00:00 and Sunday next to
 *       Monday in two features instead of 31 one-hot ones; a missing cell writes 0, 0 (the circle's centre);
 *   <li>with {@code missingIndicator}: 1 for a missing or invalid cell, 0 otherwise.
 * </ol>
 *
 * <p>Artifacts written before these options stored only {@code column}, {@code mean} and {@code scale}; they read as
 * {@code features=epoch}, standard scaling and mean imputation, which is exactly what they meant.
 *
 * @param features which features the step writes
 * @param latest the latest training timestamp in epoch seconds, the reference of the age feature (0 if none)
 * @param scale positive, in seconds
 * @see NumericEncoder for the other components
 */
public record TimestampEncoder(
        String column,
        TimestampFeatures features,
        Scaling scaling,
        double center,
        double scale,
        Impute impute,
        double imputed,
        double latest,
        boolean missingIndicator,
        boolean clip,
        Optional<ValueRange> range,
        boolean invalidAsMissing,
        CellReport report)
        implements ColumnEncoder {
    private static final double SECONDS_PER_DAY = 86_400;
    /** 1970-01-01 was a Thursday: day index 3 when Monday is 0. */
    private static final int EPOCH_DAY_INDEX = 3;

    public TimestampEncoder {
        requireNonNull(column, "column is null");
        requireNonNull(features, "features is null");
        requireNonNull(scaling, "scaling is null");
        requireNonNull(impute, "impute is null");
        requireNonNull(range, "range is null");
        requireNonNull(report, "report is null");
        Standardisation.check(column, center, scale);
        if (!Double.isFinite(imputed) || !Double.isFinite(latest)) {
            throw new IllegalArgumentException(
                    column + ": imputed and latest values must be finite: " + imputed + ", " + latest);
        }
        if (clip && range.isEmpty()) {
            throw new IllegalArgumentException(column + ": clipping needs a training range");
        }
    }

    /** Today's step: epoch seconds only, mean imputation and standardisation. */
    public TimestampEncoder(String column, double mean, double scale) {
        this(column, TimestampFeatures.EPOCH, Scaling.STANDARD, mean, scale, Impute.MEAN, mean, 0, false, false,
                Optional.empty(), false, CellReport.EMPTY);
    }

    @JsonCreator
    static TimestampEncoder fromJson(
            @JsonProperty("column") String column,
            @JsonProperty("features") TimestampFeatures features,
            @JsonProperty("mean") Double mean,
            @JsonProperty("scaling") Scaling scaling,
            @JsonProperty("center") Double center,
            @JsonProperty("scale") double scale,
            @JsonProperty("impute") Impute impute,
            @JsonProperty("imputed") Double imputed,
            @JsonProperty("latest") Double latest,
            @JsonProperty("missingIndicator") Boolean missingIndicator,
            @JsonProperty("clip") Boolean clip,
            @JsonProperty("range") Optional<ValueRange> range,
            @JsonProperty("invalidAsMissing") Boolean invalidAsMissing,
            @JsonProperty("report") CellReport report) {
        // Format 1 artifacts have "mean" in place of "center" and "imputed", and only the epoch feature.
        double legacyMean = mean == null ? 0 : mean;
        return new TimestampEncoder(
                column,
                features == null ? TimestampFeatures.EPOCH : features,
                scaling == null ? Scaling.STANDARD : scaling,
                center == null ? legacyMean : center,
                scale,
                impute == null ? Impute.MEAN : impute,
                imputed == null ? legacyMean : imputed,
                latest == null ? 0 : latest,
                Boolean.TRUE.equals(missingIndicator),
                Boolean.TRUE.equals(clip),
                range == null ? Optional.empty() : range,
                Boolean.TRUE.equals(invalidAsMissing),
                report == null ? CellReport.EMPTY : report);
    }

    /** Fits today's step (epoch seconds only) on the values of the column at {@code index} in the training rows. */
    public static TimestampEncoder fit(String column, List<Object[]> rows, int index) {
        return fit(column, rows, index, PreprocessingOptions.legacy());
    }

    /** Fits the step on the values of the column at {@code index} in the training rows. */
    public static TimestampEncoder fit(String column, List<Object[]> rows, int index, PreprocessingOptions options) {
        boolean lenient = options.invalidValues() == PreprocessingOptions.InvalidValues.MISSING;
        NumericFit fit = NumericFit.fit(
                rows,
                index,
                (cell, row, counter) -> NumericCells.epochSeconds(cell, column, row, lenient, counter),
                options.scaling(),
                options.impute(),
                options.fillValue());
        return new TimestampEncoder(
                column,
                options.timestampFeatures(),
                options.scaling(),
                fit.center(),
                fit.scale(),
                options.impute(),
                fit.imputed(),
                fit.range().map(ValueRange::maximum).orElse(0.0),
                options.missingIndicator(),
                options.clipToTrainingRange() && fit.range().isPresent(),
                fit.range(),
                lenient,
                fit.report());
    }

    @Override
    public int width() {
        int width = features == TimestampFeatures.ALL ? 6 : 1;
        return missingIndicator ? width + 1 : width;
    }

    @Override
    public void encode(Object cell, double[] output, int offset, int row) {
        double seconds = NumericCells.epochSeconds(cell, column, row, invalidAsMissing, null);
        boolean missing = Double.isNaN(seconds);
        if (missing) {
            seconds = imputed;
        }
        else if (clip) {
            seconds = range.orElseThrow().clip(seconds);
        }
        int position = offset;
        output[position++] = (seconds - center) / scale;
        if (features == TimestampFeatures.ALL) {
            output[position++] = (latest - seconds) / scale;
            double days = Math.floor(seconds / SECONDS_PER_DAY);
            double hourAngle = 2 * Math.PI * (seconds - days * SECONDS_PER_DAY) / SECONDS_PER_DAY;
            double dayAngle = 2 * Math.PI * Math.floorMod((long) days + EPOCH_DAY_INDEX, 7) / 7;
            output[position++] = missing ? 0 : Math.sin(hourAngle);
            output[position++] = missing ? 0 : Math.cos(hourAngle);
            output[position++] = missing ? 0 : Math.sin(dayAngle);
            output[position++] = missing ? 0 : Math.cos(dayAngle);
        }
        if (missingIndicator) {
            output[position] = missing ? 1 : 0;
        }
    }

    @Override
    public String description() {
        String extra = features == TimestampFeatures.ALL
                ? ", age from latest=%s, hour of day and day of week (UTC) as sin/cos"
                        .formatted(DisplayNumbers.format(latest))
                : "";
        return column + ": timestamp, epoch seconds, "
                + ScaledDescriptions.describe(impute, imputed, scaling, center, scale) + extra
                + ScaledDescriptions.details(range, clip, missingIndicator, report, invalidAsMissing);
    }
}
