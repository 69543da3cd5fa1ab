package dev.marquee.core;

/**
 * The smallest and largest present training value of a NUMERIC or TIMESTAMP column. Immutable.
 *
 * @param minimum the smallest value
 * @param maximum the largest value, not below {@code minimum}
 */
public record ValueRange(double minimum, double maximum) {
    public ValueRange {
        if (!(Double.isFinite(minimum) && Double.isFinite(maximum) && minimum <= maximum)) {
            throw new IllegalArgumentException("range must be finite and ordered: [%s, %s]".formatted(minimum, maximum));
        }
    }

    double clip(double value) {
        return Math.max(minimum, Math.min(maximum, value));
    }

    @Override
    public String toString() {
        return "[" + DisplayNumbers.format(minimum) + ", " + DisplayNumbers.format(maximum) + "]";
    }
}
