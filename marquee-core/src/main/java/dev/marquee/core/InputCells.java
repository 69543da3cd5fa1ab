package dev.marquee.core;

import java.util.OptionalDouble;

/**
 * Checks one present (non-null) input cell against the {@link LoadedModel} cell conventions and unwraps it. Every
 * failure is an {@link ErrorCode#INVALID_ARGUMENT} naming the input and the row index.
 */
final class InputCells {
    private InputCells() {}

    /** A NUMERIC cell: any finite {@link Number}. */
    static double number(Object cell, String input, int row) {
        if (!(cell instanceof Number number)) {
            throw wrongKind(cell, "a number", input, row);
        }
        double value = number.doubleValue();
        if (!Double.isFinite(value)) {
            throw MarqueeException.invalid("input '%s' row %d: %s is not allowed", input, row, value);
        }
        return value;
    }

    /** A BOOLEAN cell. */
    static boolean bool(Object cell, String input, int row) {
        if (!(cell instanceof Boolean bool)) {
            throw wrongKind(cell, "a boolean", input, row);
        }
        return bool;
    }

    /** A CATEGORICAL or TEXT cell. */
    static String string(Object cell, String input, int row) {
        if (!(cell instanceof String string)) {
            throw wrongKind(cell, "a string", input, row);
        }
        return string;
    }

    /** A TIMESTAMP cell: an ISO-8601 date or date-time, or epoch seconds, as a string. */
    static double epochSeconds(Object cell, String input, int row) {
        String text = string(cell, input, row);
        OptionalDouble seconds = CellValues.epochSeconds(text);
        if (seconds.isEmpty()) {
            seconds = CellValues.number(text);
        }
        return seconds.orElseThrow(() -> MarqueeException.invalid(
                "input '%s' row %d: '%s' is not an ISO-8601 timestamp or epoch seconds", input, row, text));
    }

    private static MarqueeException wrongKind(Object cell, String expected, String input, int row) {
        return MarqueeException.invalid(
                "input '%s' row %d: expected %s, found %s", input, row, expected, cell.getClass().getSimpleName());
    }
}
