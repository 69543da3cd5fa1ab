package dev.marquee.core;

import java.util.OptionalDouble;

/**
 * Reads NUMERIC and TIMESTAMP cells as numbers under either {@code invalid_values} policy. Strict reading fails as
 * {@link InputCells} does; lenient reading returns {@link Double#NaN} for a missing or invalid cell and counts it.
 */
final class NumericCells {
    /** 0001-01-01T00:00:00Z in epoch seconds: the earliest timestamp accepted. */
    static final double EARLIEST_TIMESTAMP = -62_135_596_800.0;
    /** 9999-12-31T23:59:59Z in epoch seconds: the latest timestamp accepted. */
    static final double LATEST_TIMESTAMP = 253_402_300_799.0;

    private NumericCells() {}

    /**
     * A present-or-missing NUMERIC cell; NaN when missing, or when invalid and {@code lenient}.
     *
     * @param counter counts missing and invalid cells; {@code null} when not fitting
     */
    static double number(Object cell, String column, int row, boolean lenient, CellReport.Counter counter) {
        if (cell == null) {
            count(counter, CellReport.Counter::missing);
            return Double.NaN;
        }
        if (!lenient) {
            return InputCells.number(cell, column, row);
        }
        if (cell instanceof Number number) {
            double value = number.doubleValue();
            if (Double.isFinite(value)) {
                return value;
            }
            count(counter, CellReport.Counter::nonFinite);
            return Double.NaN;
        }
        if (cell instanceof String text) {
            OptionalDouble value = CellValues.number(text);
            if (value.isPresent()) {
                return value.getAsDouble();
            }
            count(counter, CellValues.isMissing(text) ? CellReport.Counter::missing : CellReport.Counter::unparsable);
            return Double.NaN;
        }
        count(counter, CellReport.Counter::unparsable);
        return Double.NaN;
    }

    /** A present-or-missing TIMESTAMP cell in epoch seconds; NaN when missing, or when invalid and {@code lenient}. */
    static double epochSeconds(Object cell, String column, int row, boolean lenient, CellReport.Counter counter) {
        if (cell == null) {
            count(counter, CellReport.Counter::missing);
            return Double.NaN;
        }
        if (!lenient) {
            double seconds = InputCells.epochSeconds(cell, column, row);
            if (!inRange(seconds)) {
                throw MarqueeException.invalid(
                        "input '%s' row %d: '%s' is outside years 0001 to 9999", column, row, cell);
            }
            return seconds;
        }
        if (!(cell instanceof String text)) {
            count(counter, CellReport.Counter::unparsable);
            return Double.NaN;
        }
        OptionalDouble seconds = CellValues.epochSeconds(text);
        if (seconds.isEmpty()) {
            seconds = CellValues.number(text);
        }
        if (seconds.isEmpty()) {
            count(counter, CellValues.isMissing(text) ? CellReport.Counter::missing : CellReport.Counter::unparsable);
            return Double.NaN;
        }
        if (!inRange(seconds.getAsDouble())) {
            count(counter, CellReport.Counter::outOfRange);
            return Double.NaN;
        }
        return seconds.getAsDouble();
    }

    private static boolean inRange(double seconds) {
        return seconds >= EARLIEST_TIMESTAMP && seconds <= LATEST_TIMESTAMP;
    }

    private static void count(CellReport.Counter counter, java.util.function.Consumer<CellReport.Counter> increment) {
        if (counter != null) {
            increment.accept(counter);
        }
    }
}
