package dev.marquee.core;

import java.math.BigDecimal;
import java.math.MathContext;

/** Formats fitted statistics for humans: six significant digits, no trailing zeros. */
final class DisplayNumbers {
    private static final MathContext SIGNIFICANT_DIGITS = new MathContext(6);

    private DisplayNumbers() {}

    static String format(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        return new BigDecimal(value).round(SIGNIFICANT_DIGITS).stripTrailingZeros().toPlainString();
    }
}
