package dev.marquee.core;

import java.util.List;

/**
 * The training mean and standard deviation (population) of one column's present values, for mean imputation and
 * standardisation. A column without variation, or without any present value, gets scale 1 (and mean 0 when empty).
 */
record Standardisation(double mean, double scale) {
    Standardisation {
        check("standardisation", mean, scale);
    }

    /** Reads a present cell as a number, failing on the wrong kind. */
    @FunctionalInterface
    interface CellReader {
        double read(Object cell, int row);
    }

    static Standardisation fit(List<Object[]> rows, int index, CellReader reader) {
        double[] values = new double[rows.size()];
        int count = 0;
        double sum = 0;
        for (int row = 0; row < rows.size(); row++) {
            Object cell = rows.get(row)[index];
            if (cell != null) {
                values[count] = reader.read(cell, row);
                sum += values[count];
                count++;
            }
        }
        if (count == 0) {
            return new Standardisation(0, 1);
        }
        double mean = sum / count;
        double squares = 0;
        for (int value = 0; value < count; value++) {
            squares += (values[value] - mean) * (values[value] - mean);
        }
        double deviation = Math.sqrt(squares / count);
        return new Standardisation(mean, deviation > 0 ? deviation : 1);
    }

    static void check(String column, double mean, double scale) {
        if (!Double.isFinite(mean)) {
            throw new IllegalArgumentException(column + ": mean must be finite: " + mean);
        }
        if (!(scale > 0 && Double.isFinite(scale))) {
            throw new IllegalArgumentException(column + ": scale must be positive and finite: " + scale);
        }
    }
}
