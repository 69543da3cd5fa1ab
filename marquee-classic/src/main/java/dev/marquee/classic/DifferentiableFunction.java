package dev.marquee.classic;

/** A smooth objective to minimise. */
@FunctionalInterface
interface DifferentiableFunction {
    /**
     * The value at {@code point}; writes the gradient at {@code point} into {@code gradient} (same length).
     * Must not modify {@code point}.
     */
    double evaluate(double[] point, double[] gradient);
}
