package dev.marquee.recommend;

import dev.marquee.core.MarqueeException;

/** The checks the recommenders' compact constructors share; each failure names the parameter and its value. */
final class HyperParameters {
    private HyperParameters() {}

    /** INVALID_ARGUMENT "{name} must be at least 1" unless {@code value >= 1}. */
    static void requireAtLeastOne(String name, int value) {
        if (value < 1) {
            throw MarqueeException.invalid("%s must be at least 1: %s", name, value);
        }
    }

    /** INVALID_ARGUMENT unless {@code value} is finite and above zero. */
    static void requireFinitePositive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw MarqueeException.invalid("%s must be a finite positive number: %s", name, value);
        }
    }

    /** INVALID_ARGUMENT unless {@code value} is finite and not below zero. */
    static void requireFiniteNonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw MarqueeException.invalid("%s must be a finite non-negative number: %s", name, value);
        }
    }
}
