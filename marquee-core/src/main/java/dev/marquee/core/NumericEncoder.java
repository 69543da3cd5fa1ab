package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A NUMERIC column: a missing value becomes the training mean, then the value is standardised with the training mean
 * and standard deviation (a constant column keeps scale 1). Writes one feature.
 *
 * @param mean the training mean, used for imputation and centring
 * @param scale the training standard deviation, or 1 when it is 0
 */
public record NumericEncoder(String column, double mean, double scale) implements ColumnEncoder {
    public NumericEncoder {
        requireNonNull(column, "column is null");
        Standardisation.check(column, mean, scale);
    }

    /** Fits the step on the values of the column at {@code index} in the training rows. */
    public static NumericEncoder fit(String column, List<Object[]> rows, int index) {
        Standardisation standardisation =
                Standardisation.fit(rows, index, (cell, row) -> InputCells.number(cell, column, row));
        return new NumericEncoder(column, standardisation.mean(), standardisation.scale());
    }

    @Override
    public int width() {
        return 1;
    }

    @Override
    public void encode(Object cell, double[] features, int offset, int row) {
        double value = cell == null ? mean : InputCells.number(cell, column, row);
        features[offset] = (value - mean) / scale;
    }

    @Override
    public String description() {
        String formattedMean = DisplayNumbers.format(mean);
        return "%s: numeric, impute mean=%s, standardise mean=%s sd=%s"
                .formatted(column, formattedMean, formattedMean, DisplayNumbers.format(scale));
    }
}
