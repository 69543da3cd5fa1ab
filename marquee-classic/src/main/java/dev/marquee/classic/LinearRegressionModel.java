package dev.marquee.classic;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.FittedModel;

/**
 * A fitted linear regression: {@code intercept + coefficients · features}. Immutable by contract (the array is never
 * modified) and thread-safe. Its JSON shape ({@code coefficients}, {@code intercept}) is part of the artifact format.
 */
public record LinearRegressionModel(double[] coefficients, double intercept) implements FittedModel {
    public LinearRegressionModel {
        requireNonNull(coefficients, "coefficients is null");
        Vectors.requireFinite(coefficients, "coefficients");
        if (!Double.isFinite(intercept)) {
            throw new IllegalArgumentException("intercept must be finite: " + intercept);
        }
    }

    @Override
    public int featureCount() {
        return coefficients.length;
    }

    @Override
    public int outputCount() {
        return 1;
    }

    @Override
    public void predict(double[] features, double[] output) {
        output[0] = intercept + Vectors.dot(coefficients, features);
    }
}
