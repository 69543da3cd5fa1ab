package dev.marquee.classic;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.TrainingData;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The regularised logistic loss {@code (Σ log loss + (l2 / 2) · ‖W‖²) / n}: the summed negative log-likelihood with an
 * L2 penalty (intercepts are not penalised), divided by the row count n so that values and gradients stay of the same
 * size whatever n. Binary data has one score per row (sigmoid), more classes one score per class (softmax). Parameters
 * are laid out score by score, each as its coefficients followed by its intercept. Large data is evaluated in
 * parallel on the common fork-join pool, in fixed chunks summed in order, so results replay exactly.
 */
final class LogisticObjective implements DifferentiableFunction {
    /** Rows per unit of parallel work; fixed so that results do not depend on the number of cores. */
    static final int ROWS_PER_CHUNK = 16_384;

    private final TrainingData data;
    private final double l2;
    private final int scores;
    private final int stride;

    LogisticObjective(TrainingData data, double l2) {
        this.data = requireNonNull(data, "data is null");
        this.l2 = l2;
        this.scores = data.classCount() == 2 ? 1 : data.classCount();
        this.stride = data.featureCount() + 1;
    }

    int dimension() {
        return scores * stride;
    }

    @Override
    public double evaluate(double[] point, double[] gradient) {
        int rowCount = data.rowCount();
        int chunks = (rowCount + ROWS_PER_CHUNK - 1) / ROWS_PER_CHUNK;
        IntStream chunkIndexes = IntStream.range(0, chunks);
        // Fixed chunk boundaries and an in-order sum keep the result independent of thread count and scheduling.
        Partial[] partials = (chunks > 1 ? chunkIndexes.parallel() : chunkIndexes)
                .mapToObj(chunk -> partial(
                        point, chunk * ROWS_PER_CHUNK, Math.min(rowCount, (chunk + 1) * ROWS_PER_CHUNK)))
                .toArray(Partial[]::new);
        Arrays.fill(gradient, 0);
        double loss = 0;
        for (Partial partial : partials) {
            loss += partial.loss();
            Vectors.addScaled(gradient, 1, partial.gradient());
        }
        int features = data.featureCount();
        double rows = rowCount;
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

    /** The summed loss and unpenalised gradient of rows {@code [from, to)}. */
    private Partial partial(double[] point, int from, int to) {
        int features = data.featureCount();
        double[] gradient = new double[point.length];
        double[] rowScores = new double[scores];
        double loss = 0;
        for (int row = from; row < to; row++) {
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
        return new Partial(loss, gradient);
    }

    private record Partial(double loss, double[] gradient) {}

    /** Whether a parameter index is a coefficient (penalised) rather than an intercept. */
    boolean isCoefficient(int index) {
        return index % stride != data.featureCount();
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
