package dev.marquee.classic;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.TrainingData;
import java.util.Arrays;

/**
 * The regularised logistic loss {@code (Σ log loss + (l2 / 2) · ‖W‖²) / n}: the summed negative log-likelihood with an
 * L2 penalty (intercepts are not penalised), divided by the row count n so that values and gradients stay of the same
 * size whatever n. Binary data has one score per row (sigmoid), more classes one score per class (softmax). Parameters
 * are laid out score by score, each as its coefficients followed by its intercept.
 */
final class LogisticObjective implements DifferentiableFunction {
    private final TrainingData data;
    private final double l2;
    private final int scores;
    private final int stride;
    private final double[] rowScores;

    LogisticObjective(TrainingData data, double l2) {
        this.data = requireNonNull(data, "data is null");
        this.l2 = l2;
        this.scores = data.classCount() == 2 ? 1 : data.classCount();
        this.stride = data.featureCount() + 1;
        this.rowScores = new double[scores];
    }

    int dimension() {
        return scores * stride;
    }

    @Override
    public double evaluate(double[] point, double[] gradient) {
        Arrays.fill(gradient, 0);
        int features = data.featureCount();
        double loss = 0;
        for (int row = 0; row < data.rowCount(); row++) {
            double[] values = data.features()[row];
            int label = (int) data.targets()[row];
            for (int score = 0; score < scores; score++) {
                int offset = score * stride;
                double sum = point[offset + features];
                for (int feature = 0; feature < features; feature++) {
                    sum += point[offset + feature] * values[feature];
                }
                rowScores[score] = sum;
            }
            // Turn rowScores into residuals (predicted probability minus observed indicator) while adding the loss.
            if (scores == 1) {
                double score = rowScores[0];
                loss += Math.max(score, 0) + Math.log1p(Math.exp(-Math.abs(score))) - label * score;
                rowScores[0] = LogisticRegressionModel.sigmoid(score) - label;
            }
            else {
                double observedScore = rowScores[label];
                loss += LogisticRegressionModel.softmaxInPlace(rowScores) - observedScore;
                rowScores[label] -= 1;
            }
            for (int score = 0; score < scores; score++) {
                int offset = score * stride;
                double residual = rowScores[score];
                for (int feature = 0; feature < features; feature++) {
                    gradient[offset + feature] += residual * values[feature];
                }
                gradient[offset + features] += residual;
            }
        }
        double rows = data.rowCount();
        double penalty = 0;
        for (int index = 0; index < point.length; index++) {
            if (index % stride != features) {
                penalty += point[index] * point[index];
                gradient[index] += l2 * point[index];
            }
            gradient[index] /= rows;
        }
        return (loss + l2 / 2 * penalty) / rows;
    }

    LogisticRegressionModel model(double[] point) {
        int features = data.featureCount();
        double[][] coefficients = new double[scores][features];
        double[] intercepts = new double[scores];
        for (int score = 0; score < scores; score++) {
            System.arraycopy(point, score * stride, coefficients[score], 0, features);
            intercepts[score] = point[score * stride + features];
        }
        return new LogisticRegressionModel(coefficients, intercepts);
    }
}
