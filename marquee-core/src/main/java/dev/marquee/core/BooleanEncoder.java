package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A BOOLEAN column: {@code true} is 1 and {@code false} 0; a missing value becomes the most frequent training value
 * ({@code false} on a tie). Writes one feature.
 *
 * @param mostFrequent the value imputed for a missing cell
 */
public record BooleanEncoder(String column, boolean mostFrequent) implements ColumnEncoder {
    public BooleanEncoder {
        requireNonNull(column, "column is null");
    }

    /** Fits the step on the values of the column at {@code index} in the training rows. */
    public static BooleanEncoder fit(String column, List<Object[]> rows, int index) {
        long trues = 0;
        long falses = 0;
        for (int row = 0; row < rows.size(); row++) {
            Object cell = rows.get(row)[index];
            if (cell != null) {
                if (InputCells.bool(cell, column, row)) {
                    trues++;
                }
                else {
                    falses++;
                }
            }
        }
        return new BooleanEncoder(column, trues > falses);
    }

    @Override
    public int width() {
        return 1;
    }

    @Override
    public void encode(Object cell, double[] features, int offset, int row) {
        boolean value = cell == null ? mostFrequent : InputCells.bool(cell, column, row);
        features[offset] = value ? 1 : 0;
    }

    @Override
    public String description() {
        return "%s: boolean, impute most frequent=%s, encode true=1 false=0".formatted(column, mostFrequent);
    }
}
