package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Accumulates one column's values in a single pass and then infers its type and statistics. Every candidate type is
 * tracked at once, so no value has to be kept; only distinct values are remembered, up to a cap. Not thread-safe.
 *
 * <p>Inference over the present values: BOOLEAN when all are {@code true}/{@code false}; else NUMERIC when all are
 * finite numbers ({@code 0}/{@code 1} stay NUMERIC); else TIMESTAMP when all are ISO-8601 dates or date-times; else
 * TEXT when at least half the values contain whitespace and the values are either long (30 characters or more on
 * average) or mostly unique (more than half distinct); else CATEGORICAL. A column with no present value is
 * CATEGORICAL.
 */
final class ColumnProfiler {
    private static final int LONG_TEXT_AVERAGE_LENGTH = 30;

    private final String name;
    private final int distinctCap;
    private final Set<String> distinctValues = new HashSet<>();
    private long count;
    private long missing;
    private boolean maybeBoolean = true;
    private boolean maybeNumeric = true;
    private boolean maybeTimestamp = true;
    private final RunningStatistics numbers = new RunningStatistics();
    private final RunningStatistics booleans = new RunningStatistics();
    private final RunningStatistics timestamps = new RunningStatistics();
    private long totalLength;
    private long valuesWithWhitespace;

    /**
     * @param distinctCap most distinct values remembered; beyond it {@code distinct} is reported as the cap
     */
    ColumnProfiler(String name, int distinctCap) {
        this.name = requireNonNull(name, "name is null");
        if (distinctCap <= 0) {
            throw new IllegalArgumentException("distinctCap must be positive: " + distinctCap);
        }
        this.distinctCap = distinctCap;
    }

    void accept(String cell) {
        if (CellValues.isMissing(cell)) {
            missing++;
            return;
        }
        String value = cell.strip();
        count++;
        if (distinctValues.size() < distinctCap) {
            distinctValues.add(value);
        }
        totalLength += value.length();
        if (containsWhitespace(value)) {
            valuesWithWhitespace++;
        }
        if (maybeBoolean) {
            CellValues.bool(value).ifPresentOrElse(
                    bool -> booleans.add(bool ? 1 : 0), () -> maybeBoolean = false);
        }
        if (maybeNumeric) {
            CellValues.number(value).ifPresentOrElse(numbers::add, () -> maybeNumeric = false);
        }
        if (maybeTimestamp) {
            CellValues.epochSeconds(value).ifPresentOrElse(timestamps::add, () -> maybeTimestamp = false);
        }
    }

    Column column() {
        return new Column(name, type());
    }

    ColumnStatistics statistics() {
        ColumnType type = type();
        RunningStatistics summary = switch (type) {
            case NUMERIC -> numbers;
            case BOOLEAN -> booleans;
            case TIMESTAMP -> timestamps;
            case CATEGORICAL, TEXT -> new RunningStatistics();
        };
        return new ColumnStatistics(
                name, type, count, missing, distinctValues.size(), summary.min(), summary.max(), summary.mean());
    }

    private ColumnType type() {
        if (count == 0) {
            return ColumnType.CATEGORICAL;
        }
        if (maybeBoolean) {
            return ColumnType.BOOLEAN;
        }
        if (maybeNumeric) {
            return ColumnType.NUMERIC;
        }
        if (maybeTimestamp) {
            return ColumnType.TIMESTAMP;
        }
        boolean wordy = valuesWithWhitespace * 2 >= count;
        boolean longValues = totalLength >= LONG_TEXT_AVERAGE_LENGTH * count;
        boolean mostlyUnique = distinctValues.size() * 2L > count;
        return wordy && (longValues || mostlyUnique) ? ColumnType.TEXT : ColumnType.CATEGORICAL;
    }

    private static boolean containsWhitespace(String value) {
        for (int index = 0; index < value.length(); index++) {
            if (Character.isWhitespace(value.charAt(index))) {
                return true;
            }
        }
        return false;
    }

    /** Minimum, maximum and mean of a stream of numbers. */
    private static final class RunningStatistics {
        private long count;
        private double sum;
        private double min = Double.POSITIVE_INFINITY;
        private double max = Double.NEGATIVE_INFINITY;

        void add(double value) {
            count++;
            sum += value;
            min = Math.min(min, value);
            max = Math.max(max, value);
        }

        OptionalDouble min() {
            return count == 0 ? OptionalDouble.empty() : OptionalDouble.of(min);
        }

        OptionalDouble max() {
            return count == 0 ? OptionalDouble.empty() : OptionalDouble.of(max);
        }

        OptionalDouble mean() {
            return count == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / count);
        }
    }
}
