package dev.marquee.classic;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.ExplainableModel;
import dev.marquee.core.Task;

/**
 * A fitted linear SVM. Its decision values are {@code intercepts[r] + coefficients[r] · features}, one per row r:
 *
 * <ul>
 *   <li>regression: one row, and the decision value is the prediction;
 *   <li>two classes: one row, positive for class 1; the outputs are {@code [1 - p, p]} with {@code p = sigmoid(s ·
 *       d)}, where s is {@link #probabilitySlope()};
 *   <li>k ≥ 3 classes: one row per class (one-vs-rest); the outputs are {@code softmax(s · d)}.
 * </ul>
 *
 * <p>The slope is positive, so the most probable class is the one scikit-learn's {@code LinearSVC.predict} returns
 * (the highest decision value, or class 1 when the binary decision value is positive), up to rounding of the
 * probabilities. Contributions are exact on the decision-value scale: {@code coefficients[r][f] · features[f]}, with
 * the intercept as base value, which is the mean decision value because the features are standardised; with two
 * classes, class 0 gets the negated decision value. Immutable by contract (the arrays are never modified) and
 * thread-safe. Its JSON shape ({@code task}, {@code coefficients}, {@code intercepts}, {@code probabilitySlope}) is
 * part of the artifact format.
 *
 * @param coefficients one row per decision value, all of the same length
 * @param intercepts one per row
 * @param probabilitySlope classification: the softmax slope, finite and > 0; regression: 0
 */
public record LinearSvmModel(Task task, double[][] coefficients, double[] intercepts, double probabilitySlope)
        implements ExplainableModel {
    public LinearSvmModel {
        requireNonNull(task, "task is null");
        requireNonNull(coefficients, "coefficients is null");
        requireNonNull(intercepts, "intercepts is null");
        if (coefficients.length == 0 || coefficients.length != intercepts.length) {
            throw new IllegalArgumentException("need as many intercepts as coefficient rows, at least one: %d and %d"
                    .formatted(coefficients.length, intercepts.length));
        }
        for (double[] row : coefficients) {
            requireNonNull(row, "coefficient row is null");
            if (row.length != coefficients[0].length) {
                throw new IllegalArgumentException("coefficient rows differ in length");
            }
            Vectors.requireFinite(row, "coefficients");
        }
        Vectors.requireFinite(intercepts, "intercepts");
        switch (task) {
            case REGRESSION -> {
                if (coefficients.length != 1 || probabilitySlope != 0) {
                    throw new IllegalArgumentException(
                            "regression needs one coefficient row and probability slope 0, had %d and %s"
                                    .formatted(coefficients.length, probabilitySlope));
                }
            }
            case CLASSIFICATION -> {
                if (coefficients.length == 2) {
                    throw new IllegalArgumentException("classification needs 1 (binary) or >= 3 coefficient rows");
                }
                if (!(probabilitySlope > 0) || !Double.isFinite(probabilitySlope)) {
                    throw new IllegalArgumentException(
                            "probability slope must be finite and > 0: " + probabilitySlope);
                }
            }
        }
    }

    @Override
    public int featureCount() {
        return coefficients[0].length;
    }

    @Override
    public int outputCount() {
        return task == Task.CLASSIFICATION && coefficients.length == 1 ? 2 : coefficients.length;
    }

    @Override
    public void predict(double[] features, double[] output) {
        switch (task) {
            case REGRESSION -> output[0] = decisionValue(0, features);
            case CLASSIFICATION -> {
                if (coefficients.length == 1) {
                    output[0] = 0;
                    output[1] = decisionValue(0, features);
                }
                else {
                    for (int label = 0; label < coefficients.length; label++) {
                        output[label] = decisionValue(label, features);
                    }
                }
                PlattScaling.softmax(output, probabilitySlope, output);
            }
        }
    }

    /** The decision value of row {@code row}: positive for its class in one-vs-rest, for class 1 if binary. */
    double decisionValue(int row, double[] features) {
        return intercepts[row] + Vectors.dot(coefficients[row], features);
    }

    @Override
    public String contributionScale() {
        return "decision_value";
    }

    @Override
    public void contributions(double[] features, double[][] contributions) {
        if (task == Task.CLASSIFICATION && coefficients.length == 1) {
            writeContributions(0, features, contributions[1]);
            for (int index = 0; index < contributions[1].length; index++) {
                contributions[0][index] = -contributions[1][index];
            }
            return;
        }
        for (int row = 0; row < coefficients.length; row++) {
            writeContributions(row, features, contributions[row]);
        }
    }

    private void writeContributions(int row, double[] features, double[] contributions) {
        for (int feature = 0; feature < features.length; feature++) {
            contributions[feature] = coefficients[row][feature] * features[feature];
        }
        contributions[features.length] = intercepts[row];
    }
}
