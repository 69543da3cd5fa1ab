package dev.marquee.classic;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.ExplainableModel;

/**
 * A fitted linear regression: {@code intercept + coefficients · features}. Immutable by contract (the array is never
 * modified) and thread-safe. Its JSON shape ({@code coefficients}, {@code intercept}) is part of the artifact format.
 *
 * <p>Its explanation is exact: feature {@code f} contributes {@code coefficients[f] · features[f]} and the base is the
 * intercept, i.e. contributions are measured from the point where every feature is 0 — for standardised numeric
 * features the training mean, for a one-hot feature the absence of its category.
 */
public record LinearRegressionModel(double[] coefficients, double intercept) implements ExplainableModel {
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

    @Override
    public String contributionScale() {
        return "value";
    }

    @Override
    public void contributions(double[] features, double[][] contributions) {
        for (int feature = 0; feature < coefficients.length; feature++) {
            contributions[0][feature] = coefficients[feature] * features[feature];
        }
        contributions[0][coefficients.length] = intercept;
    }
}
