package dev.marquee.core;

import dev.marquee.core.PreprocessingOptions.Impute;
import dev.marquee.core.PreprocessingOptions.Scaling;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Fitted statistics of one NUMERIC or TIMESTAMP column, from its present, valid training values. Quantiles
 * interpolate linearly between order statistics (numpy's default); the most frequent value is the smallest on a tie.
 * A column without present values has every statistic 0 and no range; a zero scale becomes 1.
 */
record NumericFit(double center, double scale, double imputed, Optional<ValueRange> range, CellReport report) {
    /** Reads one cell as a number, NaN when missing or (leniently) invalid. */
    @FunctionalInterface
    interface Reader {
        double read(Object cell, int row, CellReport.Counter counter);
    }

    static NumericFit fit(List<Object[]> rows, int index, Reader reader, Scaling scaling, Impute impute, double fill) {
        CellReport.Counter counter = new CellReport.Counter();
        double[] values = new double[rows.size()];
        int count = 0;
        for (int row = 0; row < rows.size(); row++) {
            double value = reader.read(rows.get(row)[index], row, counter);
            if (!Double.isNaN(value)) {
                values[count++] = value;
            }
        }
        values = Arrays.copyOf(values, count);
        Arrays.sort(values);
        double mean = mean(values);
        double median = quantile(values, 0.5);
        double center = switch (scaling) {
            case STANDARD -> mean;
            case MINMAX -> count == 0 ? 0 : values[0];
            case ROBUST -> median;
            case NONE -> 0;
        };
        double spread = switch (scaling) {
            case STANDARD -> standardDeviation(values, mean);
            case MINMAX -> count == 0 ? 0 : values[count - 1] - values[0];
            case ROBUST -> quantile(values, 0.75) - quantile(values, 0.25);
            case NONE -> 1;
        };
        double imputed = switch (impute) {
            case MEAN -> mean;
            case MEDIAN -> median;
            case MOST_FREQUENT -> mostFrequent(values);
            case CONSTANT -> fill;
        };
        Optional<ValueRange> range =
                count == 0 ? Optional.empty() : Optional.of(new ValueRange(values[0], values[count - 1]));
        return new NumericFit(center, spread > 0 && Double.isFinite(spread) ? spread : 1, imputed, range,
                counter.report());
    }

    private static double mean(double[] sorted) {
        if (sorted.length == 0) {
            return 0;
        }
        double sum = 0;
        for (double value : sorted) {
            sum += value;
        }
        return sum / sorted.length;
    }

    private static double standardDeviation(double[] values, double mean) {
        if (values.length == 0) {
            return 0;
        }
        double squares = 0;
        for (double value : values) {
            squares += (value - mean) * (value - mean);
        }
        return Math.sqrt(squares / values.length);
    }

    static double quantile(double[] sorted, double fraction) {
        if (sorted.length == 0) {
            return 0;
        }
        double position = fraction * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(lower + 1, sorted.length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }

    private static double mostFrequent(double[] sorted) {
        double best = 0;
        int bestRun = 0;
        for (int start = 0; start < sorted.length; ) {
            int end = start;
            while (end < sorted.length && sorted[end] == sorted[start]) {
                end++;
            }
            if (end - start > bestRun) {
                best = sorted[start];
                bestRun = end - start;
            }
            start = end;
        }
        return best;
    }
}
