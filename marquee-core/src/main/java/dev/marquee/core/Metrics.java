package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.IntStream;

/**
 * Evaluation metrics, computed on held-out rows. A metric that is undefined for the given rows (e.g. ROC AUC when
 * only one class occurs, R² when the actual values are constant) is left out rather than reported as NaN. Stateless
 * and thread-safe.
 */
public final class Metrics {
    /** Probabilities are clipped to {@code [EPSILON, 1 - EPSILON]} for log loss, as scikit-learn does. */
    static final double EPSILON = 1e-15;

    private Metrics() {}

    /**
     * {@code accuracy} (predicted class = most probable, lowest index on ties), {@code log_loss} (mean negative log
     * probability of the actual class) and {@code roc_auc} (binary: of class 1; more classes: unweighted mean of the
     * one-vs-rest AUCs of the classes that occur and do not occur).
     *
     * @param actual the class index per row
     * @param probabilities per row, one probability per class
     */
    public static Map<String, Double> classification(int[] actual, double[][] probabilities) {
        requireNonNull(actual, "actual is null");
        requireNonNull(probabilities, "probabilities is null");
        requireSameLength(actual.length, probabilities.length);
        int rows = actual.length;
        int correct = 0;
        double logLoss = 0;
        for (int row = 0; row < rows; row++) {
            if (mostProbable(probabilities[row]) == actual[row]) {
                correct++;
            }
            double probability = Math.clamp(probabilities[row][actual[row]], EPSILON, 1 - EPSILON);
            logLoss -= Math.log(probability);
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("accuracy", correct / (double) rows);
        metrics.put("log_loss", logLoss / rows);
        rocAuc(actual, probabilities).ifPresent(auc -> metrics.put("roc_auc", auc));
        return metrics;
    }

    /** {@code rmse}, {@code mae} and {@code r2} (coefficient of determination). */
    public static Map<String, Double> regression(double[] actual, double[] predicted) {
        requireNonNull(actual, "actual is null");
        requireNonNull(predicted, "predicted is null");
        requireSameLength(actual.length, predicted.length);
        double squaredErrors = 0;
        double absoluteErrors = 0;
        for (int row = 0; row < actual.length; row++) {
            double error = actual[row] - predicted[row];
            squaredErrors += error * error;
            absoluteErrors += Math.abs(error);
        }
        double mean = Arrays.stream(actual).average().orElseThrow();
        double totalSquares = Arrays.stream(actual).map(value -> (value - mean) * (value - mean)).sum();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("rmse", Math.sqrt(squaredErrors / actual.length));
        metrics.put("mae", absoluteErrors / actual.length);
        if (totalSquares > 0) {
            metrics.put("r2", 1 - squaredErrors / totalSquares);
        }
        return metrics;
    }

    /**
     * The area under the ROC curve of scores for a positive/negative labelling (the probability that a random positive
     * scores above a random negative, ties counting half); empty unless both labels occur.
     */
    public static OptionalDouble rocAuc(boolean[] positive, double[] scores) {
        requireNonNull(positive, "positive is null");
        requireNonNull(scores, "scores is null");
        requireSameLength(positive.length, scores.length);
        long positives = IntStream.range(0, positive.length).filter(row -> positive[row]).count();
        long negatives = positive.length - positives;
        if (positives == 0 || negatives == 0) {
            return OptionalDouble.empty();
        }
        Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(row -> scores[row]));
        // Mann-Whitney U: sum of the (tie-averaged, 1-based) ranks of the positives.
        double positiveRankSum = 0;
        for (int start = 0; start < order.length; ) {
            int end = start;
            while (end + 1 < order.length && scores[order[end + 1]] == scores[order[start]]) {
                end++;
            }
            double averageRank = (start + end) / 2.0 + 1;
            for (int index = start; index <= end; index++) {
                if (positive[order[index]]) {
                    positiveRankSum += averageRank;
                }
            }
            start = end + 1;
        }
        double u = positiveRankSum - positives * (positives + 1) / 2.0;
        return OptionalDouble.of(u / ((double) positives * negatives));
    }

    /** The index of the largest probability, the lowest one on ties. */
    static int mostProbable(double[] probabilities) {
        int best = 0;
        for (int index = 1; index < probabilities.length; index++) {
            if (probabilities[index] > probabilities[best]) {
                best = index;
            }
        }
        return best;
    }

    private static OptionalDouble rocAuc(int[] actual, double[][] probabilities) {
        int classes = probabilities.length == 0 ? 0 : probabilities[0].length;
        if (classes == 2) {
            return rocAuc(positives(actual, 1), scores(probabilities, 1));
        }
        return IntStream.range(0, classes)
                .mapToObj(label -> rocAuc(positives(actual, label), scores(probabilities, label)))
                .filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble)
                .average();
    }

    private static boolean[] positives(int[] actual, int label) {
        boolean[] positive = new boolean[actual.length];
        for (int row = 0; row < actual.length; row++) {
            positive[row] = actual[row] == label;
        }
        return positive;
    }

    private static double[] scores(double[][] probabilities, int label) {
        return Arrays.stream(probabilities).mapToDouble(row -> row[label]).toArray();
    }

    private static void requireSameLength(int actual, int predicted) {
        if (actual == 0) {
            throw new IllegalArgumentException("no rows to evaluate");
        }
        if (actual != predicted) {
            throw new IllegalArgumentException("%d actual values but %d predictions".formatted(actual, predicted));
        }
    }
}
