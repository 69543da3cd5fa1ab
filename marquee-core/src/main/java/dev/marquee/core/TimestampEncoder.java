package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A TIMESTAMP column: the value becomes seconds since the epoch, a missing value becomes the training mean, then the
 * value is standardised with the training mean and standard deviation. Writes one feature.
 *
 * @param mean the training mean in epoch seconds, used for imputation and centring
 * @param scale the training standard deviation in seconds, or 1 when it is 0
 */
public record TimestampEncoder(String column, double mean, double scale) implements ColumnEncoder {
    public TimestampEncoder {
        requireNonNull(column, "column is null");
        Standardisation.check(column, mean, scale);
    }

    /** Fits the step on the values of the column at {@code index} in the training rows. */
    public static TimestampEncoder fit(String column, List<Object[]> rows, int index) {
        Standardisation standardisation =
                Standardisation.fit(rows, index, (cell, row) -> InputCells.epochSeconds(cell, column, row));
        return new TimestampEncoder(column, standardisation.mean(), standardisation.scale());
    }

    @Override
    public int width() {
        return 1;
    }

    @Override
    public void encode(Object cell, double[] features, int offset, int row) {
        double value = cell == null ? mean : InputCells.epochSeconds(cell, column, row);
        features[offset] = (value - mean) / scale;
    }

    @Override
    public String description() {
        String formattedMean = DisplayNumbers.format(mean);
        return "%s: timestamp, epoch seconds, impute mean=%s, standardise mean=%s sd=%s"
                .formatted(column, formattedMean, formattedMean, DisplayNumbers.format(scale));
    }
}
