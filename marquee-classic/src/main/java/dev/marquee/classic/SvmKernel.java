package dev.marquee.classic;

import static java.util.Objects.requireNonNull;

/**
 * A kernel function of a {@link KernelSvmModel}, with libsvm's (and scikit-learn's) definitions. Immutable and
 * thread-safe; its JSON shape ({@code type}, {@code gamma}, {@code degree}, {@code coef0}) is part of the artifact
 * format.
 *
 * @param gamma the scale of the RBF and polynomial kernels, finite and > 0 (recorded, unused, for the linear kernel)
 * @param degree the degree of the polynomial kernel, ≥ 1
 * @param coef0 the constant of the polynomial kernel, finite
 */
public record SvmKernel(Type type, double gamma, int degree, double coef0) {
    /** The kernel functions. */
    public enum Type {
        /** {@code exp(-gamma · ‖a - b‖²)}. */
        RBF,
        /** {@code (gamma · a·b + coef0)^degree}. */
        POLY,
        /** {@code a·b}. */
        LINEAR
    }

    public SvmKernel {
        requireNonNull(type, "type is null");
        if (!(gamma > 0) || !Double.isFinite(gamma)) {
            throw new IllegalArgumentException("gamma must be finite and > 0: " + gamma);
        }
        if (degree < 1) {
            throw new IllegalArgumentException("degree must be >= 1: " + degree);
        }
        if (!Double.isFinite(coef0)) {
            throw new IllegalArgumentException("coef0 must be finite: " + coef0);
        }
    }

    /** The kernel of {@code a} and {@code b}. */
    double value(double[] a, double[] b) {
        return switch (type) {
            case RBF -> {
                double squaredDistance = 0;
                for (int index = 0; index < a.length; index++) {
                    double difference = a[index] - b[index];
                    squaredDistance += difference * difference;
                }
                yield Math.exp(-gamma * squaredDistance);
            }
            case POLY, LINEAR -> value(Vectors.dot(a, b), 0, 0);
        };
    }

    /**
     * The kernel from the dot product and squared norms of its arguments, so a caller that has the norms computes one
     * dot product per pair, as libsvm does in training. The norms matter only to the RBF kernel.
     */
    double value(double dot, double squaredNormA, double squaredNormB) {
        return switch (type) {
            case RBF -> Math.exp(-gamma * (squaredNormA + squaredNormB - 2 * dot));
            case POLY -> power(gamma * dot + coef0, degree);
            case LINEAR -> dot;
        };
    }

    private static double power(double base, int exponent) {
        double result = 1;
        for (int step = 0; step < exponent; step++) {
            result *= base;
        }
        return result;
    }
}
