package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.BiFunction;
import java.util.stream.IntStream;

/**
 * Evaluation metrics, computed on held-out rows. A metric that is undefined for the given rows (e.g. ROC AUC when
 * only one class occurs, R² when the actual values are constant) is left out rather than reported as NaN. Stateless
 * and thread-safe.
 */
public final class Metrics {
    /** Probabilities are clipped to {@code [EPSILON, 1 - EPSILON]} for log loss, as scikit-learn does. */
    static final double EPSILON = 1e-15;

    /** Equal-width confidence bins of the expected calibration error. */
    static final int CALIBRATION_BINS = 10;

    private Metrics() {}

    /**
     * {@code accuracy} (predicted class = most probable, lowest index on ties), {@code precision_macro},
     * {@code recall_macro} and {@code f1_macro} (unweighted means over the classes, see {@link #perClass}),
     * {@code log_loss} (mean negative log probability of the actual class), {@code roc_auc} and {@code pr_auc}
     * (binary: of class 1; more classes: unweighted mean of the one-vs-rest values of the classes that occur and do
     * not occur; {@code pr_auc} is average precision, as scikit-learn's {@code average_precision_score}) and
     * {@code calibration_error} (expected calibration error of the top-class probability over
     * {@value #CALIBRATION_BINS} equal-width bins).
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
        List<ClassMetrics> perClass = perClass(actual, probabilities, classLabels(probabilities));
        metrics.put("precision_macro", perClass.stream().mapToDouble(ClassMetrics::precision).average().orElse(0));
        metrics.put("recall_macro", perClass.stream().mapToDouble(ClassMetrics::recall).average().orElse(0));
        metrics.put("f1_macro", perClass.stream().mapToDouble(ClassMetrics::f1).average().orElse(0));
        metrics.put("log_loss", logLoss / rows);
        oneVersusRest(actual, probabilities, Metrics::rocAuc).ifPresent(auc -> metrics.put("roc_auc", auc));
        oneVersusRest(actual, probabilities, Metrics::averagePrecision)
                .ifPresent(precision -> metrics.put("pr_auc", precision));
        metrics.put("calibration_error", calibrationError(actual, probabilities));
        return metrics;
    }

    /**
     * Precision, recall, F1 and support of every class, one-vs-rest, with the most probable class as prediction.
     *
     * @param classes the class labels, one per probability column
     */
    public static List<ClassMetrics> perClass(int[] actual, double[][] probabilities, List<String> classes) {
        long[][] confusion = confusionMatrix(actual, probabilities, classes.size());
        List<ClassMetrics> metrics = new ArrayList<>(classes.size());
        for (int label = 0; label < classes.size(); label++) {
            long truePositives = confusion[label][label];
            long predicted = 0;
            long support = 0;
            for (int other = 0; other < classes.size(); other++) {
                predicted += confusion[other][label];
                support += confusion[label][other];
            }
            double precision = predicted == 0 ? 0 : truePositives / (double) predicted;
            double recall = support == 0 ? 0 : truePositives / (double) support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            metrics.add(new ClassMetrics(classes.get(label), precision, recall, f1, support));
        }
        return metrics;
    }

    /**
     * Row counts by actual class (first index) and most probable class (second index).
     *
     * @param classes the number of classes, at least the width of every probability row
     */
    public static long[][] confusionMatrix(int[] actual, double[][] probabilities, int classes) {
        requireNonNull(actual, "actual is null");
        requireNonNull(probabilities, "probabilities is null");
        requireSameLength(actual.length, probabilities.length);
        long[][] confusion = new long[classes][classes];
        for (int row = 0; row < actual.length; row++) {
            confusion[actual[row]][mostProbable(probabilities[row])]++;
        }
        return confusion;
    }

    /**
     * The expected calibration error: the row-weighted mean, over {@value #CALIBRATION_BINS} equal-width bins of the
     * top-class probability, of |accuracy − mean confidence| in the bin.
     */
    public static double calibrationError(int[] actual, double[][] probabilities) {
        requireNonNull(actual, "actual is null");
        requireNonNull(probabilities, "probabilities is null");
        requireSameLength(actual.length, probabilities.length);
        double[] confidence = new double[CALIBRATION_BINS];
        double[] correct = new double[CALIBRATION_BINS];
        long[] counts = new long[CALIBRATION_BINS];
        for (int row = 0; row < actual.length; row++) {
            int predicted = mostProbable(probabilities[row]);
            double top = probabilities[row][predicted];
            int bin = Math.clamp((long) Math.ceil(top * CALIBRATION_BINS) - 1, 0, CALIBRATION_BINS - 1);
            confidence[bin] += top;
            correct[bin] += predicted == actual[row] ? 1 : 0;
            counts[bin]++;
        }
        double error = 0;
        for (int bin = 0; bin < CALIBRATION_BINS; bin++) {
            error += Math.abs(correct[bin] - confidence[bin]);
        }
        return error / actual.length;
    }

    /**
     * Average precision of scores for a positive/negative labelling: {@code Σ (R_n − R_{n−1}) · P_n} over the
     * distinct score thresholds from high to low, as scikit-learn computes it; empty unless both labels occur.
     */
    public static OptionalDouble averagePrecision(boolean[] positive, double[] scores) {
        requireNonNull(positive, "positive is null");
        requireNonNull(scores, "scores is null");
        requireSameLength(positive.length, scores.length);
        long positives = IntStream.range(0, positive.length).filter(row -> positive[row]).count();
        if (positives == 0 || positives == positive.length) {
            return OptionalDouble.empty();
        }
        Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(row -> -scores[row]));
        double precisionSum = 0;
        long truePositives = 0;
        long seen = 0;
        for (int start = 0; start < order.length; ) {
            int end = start;
            while (end + 1 < order.length && scores[order[end + 1]] == scores[order[start]]) {
                end++;
            }
            long newPositives = 0;
            for (int index = start; index <= end; index++) {
                newPositives += positive[order[index]] ? 1 : 0;
            }
            truePositives += newPositives;
            seen += end - start + 1;
            precisionSum += newPositives * (truePositives / (double) seen);
            start = end + 1;
        }
        return OptionalDouble.of(precisionSum / positives);
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

    /** A binary ranking metric: of class 1 for two classes, else the mean over the classes where it is defined. */
    private static OptionalDouble oneVersusRest(
            int[] actual, double[][] probabilities, BiFunction<boolean[], double[], OptionalDouble> metric) {
        int classes = probabilities.length == 0 ? 0 : probabilities[0].length;
        if (classes == 2) {
            return metric.apply(positives(actual, 1), scores(probabilities, 1));
        }
        return IntStream.range(0, classes)
                .mapToObj(label -> metric.apply(positives(actual, label), scores(probabilities, label)))
                .filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble)
                .average();
    }

    /** Class labels "0", "1", ... for the columns of the probabilities, for metrics that only need the counts. */
    private static List<String> classLabels(double[][] probabilities) {
        int classes = probabilities.length == 0 ? 0 : probabilities[0].length;
        return IntStream.range(0, classes).mapToObj(Integer::toString).toList();
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
