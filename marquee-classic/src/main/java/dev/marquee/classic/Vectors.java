package dev.marquee.classic;

/** Small dense-vector helpers for the fitted models and optimisers. */
final class Vectors {
    private Vectors() {}

    static double dot(double[] left, double[] right) {
        double sum = 0;
        for (int index = 0; index < left.length; index++) {
            sum += left[index] * right[index];
        }
        return sum;
    }

    static double maxAbs(double[] vector) {
        double max = 0;
        for (double value : vector) {
            max = Math.max(max, Math.abs(value));
        }
        return max;
    }

    /** {@code target += factor · source}. */
    static void addScaled(double[] target, double factor, double[] source) {
        for (int index = 0; index < target.length; index++) {
            target[index] += factor * source[index];
        }
    }

    static void requireFinite(double[] vector, String name) {
        for (double value : vector) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException(name + " must be finite: " + value);
            }
        }
    }
}
