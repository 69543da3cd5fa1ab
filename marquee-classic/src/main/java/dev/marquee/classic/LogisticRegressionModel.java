package dev.marquee.classic;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.ExplainableModel;

/**
 * A fitted logistic regression. With one coefficient row it is binary: {@code p = sigmoid(intercepts[0] +
 * coefficients[0] · features)} is the probability of class 1, and the outputs are {@code [1 - p, p]}. With k ≥ 2 rows
 * it is multinomial: the outputs are the softmax of the k scores. Immutable by contract (the arrays are never
 * modified) and thread-safe. Its JSON shape ({@code coefficients}, {@code intercepts}) is part of the artifact format.
 *
 * <p>Its explanation is exact on the scale of the scores: binary, the log-odds of class 1 (class 0 gets the negated
 * values); multinomial, each class's logit before the softmax. Feature {@code f} contributes
 * {@code coefficients[k][f] · features[f]} and the base is the intercept, i.e. contributions are measured from the
 * point where every feature is 0 — for standardised numeric features the training mean.
 *
 * @param coefficients one row per score, all of the same length
 * @param intercepts one per score
 */
public record LogisticRegressionModel(double[][] coefficients, double[] intercepts) implements ExplainableModel {
    public LogisticRegressionModel {
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
    }

    @Override
    public int featureCount() {
        return coefficients[0].length;
    }

    @Override
    public int outputCount() {
        return isBinary() ? 2 : coefficients.length;
    }

    @Override
    public void predict(double[] features, double[] output) {
        if (isBinary()) {
            double probability = sigmoid(intercepts[0] + Vectors.dot(coefficients[0], features));
            output[0] = 1 - probability;
            output[1] = probability;
            return;
        }
        for (int label = 0; label < coefficients.length; label++) {
            output[label] = intercepts[label] + Vectors.dot(coefficients[label], features);
        }
        softmaxInPlace(output);
    }

    @Override
    public String contributionScale() {
        return isBinary() ? "log_odds" : "logit";
    }

    @Override
    public void contributions(double[] features, double[][] contributions) {
        int width = features.length;
        if (isBinary()) {
            for (int feature = 0; feature < width; feature++) {
                contributions[1][feature] = coefficients[0][feature] * features[feature];
                contributions[0][feature] = -contributions[1][feature];
            }
            contributions[1][width] = intercepts[0];
            contributions[0][width] = -intercepts[0];
            return;
        }
        for (int label = 0; label < coefficients.length; label++) {
            for (int feature = 0; feature < width; feature++) {
                contributions[label][feature] = coefficients[label][feature] * features[feature];
            }
            contributions[label][width] = intercepts[label];
        }
    }

    private boolean isBinary() {
        return coefficients.length == 1;
    }

    static double sigmoid(double score) {
        if (score >= 0) {
            return 1 / (1 + Math.exp(-score));
        }
        double exponential = Math.exp(score);
        return exponential / (1 + exponential);
    }

    /** Replaces scores by their softmax; returns log(sum(exp(scores))) of the original scores. */
    static double softmaxInPlace(double[] scores) {
        double max = Double.NEGATIVE_INFINITY;
        for (double score : scores) {
            max = Math.max(max, score);
        }
        double sum = 0;
        for (int index = 0; index < scores.length; index++) {
            scores[index] = Math.exp(scores[index] - max);
            sum += scores[index];
        }
        for (int index = 0; index < scores.length; index++) {
            scores[index] /= sum;
        }
        return max + Math.log(sum);
    }
}
