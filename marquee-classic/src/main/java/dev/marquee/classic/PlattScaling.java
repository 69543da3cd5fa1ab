package dev.marquee.classic;

/**
 * Turns SVM decision values into class probabilities: Platt's sigmoid (as libsvm fits it, Lin, Lin and Weng 2007),
 * Wu, Lin and Weng's (2004) pairwise coupling of one-vs-one probabilities (libsvm's {@code multiclass_probability}),
 * and a one-parameter softmax calibration for one-vs-rest scores. Stateless.
 */
final class PlattScaling {
    /** libsvm keeps pairwise probabilities this far from 0 and 1 before coupling them. */
    private static final double LEAST_PAIRWISE_PROBABILITY = 1e-7;
    private static final int SIGMOID_ITERATIONS = 100;
    private static final double SIGMOID_LEAST_STEP = 1e-10;
    private static final double SIGMOID_HESSIAN_RIDGE = 1e-12;
    private static final double SIGMOID_TOLERANCE = 1e-5;
    /** The softmax slope stays within these bounds, so it is positive and the argmax is that of the scores. */
    static final double LEAST_SLOPE = 1e-6;
    static final double GREATEST_SLOPE = 1e6;
    private static final int SLOPE_BISECTIONS = 100;

    private PlattScaling() {}

    /**
     * Platt's sigmoid {@code P(positive | d) = 1 / (1 + exp(a · d + b))}.
     *
     * @param a the slope, negative when larger decision values mean the positive class
     * @param b the offset
     */
    record Sigmoid(double a, double b) {
        Sigmoid {
            if (!Double.isFinite(a) || !Double.isFinite(b)) {
                throw new IllegalArgumentException("sigmoid parameters must be finite: %s, %s".formatted(a, b));
            }
        }

        double probability(double decisionValue) {
            double exponent = decisionValue * a + b;
            return exponent >= 0 ? Math.exp(-exponent) / (1 + Math.exp(-exponent)) : 1 / (1 + Math.exp(exponent));
        }
    }

    /**
     * Fits Platt's sigmoid by Newton's method with backtracking, with Platt's smoothed targets {@code (n₊ + 1) /
     * (n₊ + 2)} and {@code 1 / (n₋ + 2)}, exactly as libsvm's {@code sigmoid_train}.
     */
    static Sigmoid fitSigmoid(double[] decisionValues, boolean[] positive) {
        int positives = 0;
        for (boolean value : positive) {
            positives += value ? 1 : 0;
        }
        int negatives = positive.length - positives;
        double high = (positives + 1.0) / (positives + 2.0);
        double low = 1.0 / (negatives + 2.0);
        double[] targets = new double[positive.length];
        for (int row = 0; row < targets.length; row++) {
            targets[row] = positive[row] ? high : low;
        }
        double a = 0;
        double b = Math.log((negatives + 1.0) / (positives + 1.0));
        double value = sigmoidLoss(decisionValues, targets, a, b);
        for (int iteration = 0; iteration < SIGMOID_ITERATIONS; iteration++) {
            double h11 = SIGMOID_HESSIAN_RIDGE;
            double h22 = SIGMOID_HESSIAN_RIDGE;
            double h21 = 0;
            double g1 = 0;
            double g2 = 0;
            for (int row = 0; row < targets.length; row++) {
                double exponent = decisionValues[row] * a + b;
                double p;
                double q;
                if (exponent >= 0) {
                    p = Math.exp(-exponent) / (1 + Math.exp(-exponent));
                    q = 1 / (1 + Math.exp(-exponent));
                }
                else {
                    p = 1 / (1 + Math.exp(exponent));
                    q = Math.exp(exponent) / (1 + Math.exp(exponent));
                }
                double curvature = p * q;
                h11 += decisionValues[row] * decisionValues[row] * curvature;
                h22 += curvature;
                h21 += decisionValues[row] * curvature;
                double residual = targets[row] - p;
                g1 += decisionValues[row] * residual;
                g2 += residual;
            }
            if (Math.abs(g1) < SIGMOID_TOLERANCE && Math.abs(g2) < SIGMOID_TOLERANCE) {
                break;
            }
            double determinant = h11 * h22 - h21 * h21;
            double stepA = -(h22 * g1 - h21 * g2) / determinant;
            double stepB = -(-h21 * g1 + h11 * g2) / determinant;
            double slope = g1 * stepA + g2 * stepB;
            double step = 1;
            while (step >= SIGMOID_LEAST_STEP) {
                double nextA = a + step * stepA;
                double nextB = b + step * stepB;
                double next = sigmoidLoss(decisionValues, targets, nextA, nextB);
                if (next < value + 1e-4 * step * slope) {
                    a = nextA;
                    b = nextB;
                    value = next;
                    break;
                }
                step /= 2;
            }
            if (step < SIGMOID_LEAST_STEP) {
                break;
            }
        }
        return new Sigmoid(a, b);
    }

    private static double sigmoidLoss(double[] decisionValues, double[] targets, double a, double b) {
        double loss = 0;
        for (int row = 0; row < targets.length; row++) {
            double exponent = decisionValues[row] * a + b;
            loss += exponent >= 0
                    ? targets[row] * exponent + Math.log1p(Math.exp(-exponent))
                    : (targets[row] - 1) * exponent + Math.log1p(Math.exp(exponent));
        }
        return loss;
    }

    /**
     * Couples pairwise probabilities into class probabilities by Wu, Lin and Weng's second method, as libsvm's
     * {@code multiclass_probability}.
     *
     * @param pairwise {@code pairwise[i][j]}: the probability of class i against class j, for i ≠ j; kept within
     *     [1e-7, 1 - 1e-7] by the caller
     * @param probabilities receives the class probabilities, summing to 1
     */
    static void couple(double[][] pairwise, double[] probabilities) {
        int classes = probabilities.length;
        if (classes == 2) {
            probabilities[0] = pairwise[0][1];
            probabilities[1] = pairwise[1][0];
            return;
        }
        int iterations = Math.max(100, classes);
        double tolerance = 0.005 / classes;
        double[][] q = new double[classes][classes];
        double[] qp = new double[classes];
        for (int t = 0; t < classes; t++) {
            probabilities[t] = 1.0 / classes;
            for (int j = 0; j < t; j++) {
                q[t][t] += pairwise[j][t] * pairwise[j][t];
                q[t][j] = q[j][t];
            }
            for (int j = t + 1; j < classes; j++) {
                q[t][t] += pairwise[j][t] * pairwise[j][t];
                q[t][j] = -pairwise[j][t] * pairwise[t][j];
            }
        }
        for (int iteration = 0; iteration < iterations; iteration++) {
            double pqp = 0;
            for (int t = 0; t < classes; t++) {
                qp[t] = Vectors.dot(q[t], probabilities);
                pqp += probabilities[t] * qp[t];
            }
            double largestError = 0;
            for (int t = 0; t < classes; t++) {
                largestError = Math.max(largestError, Math.abs(qp[t] - pqp));
            }
            if (largestError < tolerance) {
                break;
            }
            for (int t = 0; t < classes; t++) {
                double difference = (-qp[t] + pqp) / q[t][t];
                probabilities[t] += difference;
                pqp = (pqp + difference * (difference * q[t][t] + 2 * qp[t])) / (1 + difference) / (1 + difference);
                for (int j = 0; j < classes; j++) {
                    qp[j] = (qp[j] + difference * q[t][j]) / (1 + difference);
                    probabilities[j] /= 1 + difference;
                }
            }
        }
    }

    /** The pairwise probability of a sigmoid, kept away from 0 and 1 as libsvm does before coupling. */
    static double pairwiseProbability(Sigmoid sigmoid, double decisionValue) {
        double probability = sigmoid.probability(decisionValue);
        return Math.min(Math.max(probability, LEAST_PAIRWISE_PROBABILITY), 1 - LEAST_PAIRWISE_PROBABILITY);
    }

    /**
     * Makes {@code winner} the strictly most probable class while keeping the sum: swaps its probability with the
     * largest, then takes half of the probability of any class still level with it. Coupled probabilities usually
     * agree with the vote already; where they do not, the vote decides, as in libsvm's and scikit-learn's
     * {@code predict}.
     */
    static void favour(double[] probabilities, int winner) {
        int top = 0;
        for (int label = 1; label < probabilities.length; label++) {
            if (probabilities[label] > probabilities[top]) {
                top = label;
            }
        }
        double swapped = probabilities[top];
        probabilities[top] = probabilities[winner];
        probabilities[winner] = swapped;
        for (int label = 0; label < probabilities.length; label++) {
            if (label != winner && probabilities[label] >= probabilities[winner]) {
                double half = probabilities[label] / 2;
                probabilities[label] -= half;
                probabilities[winner] += half;
            }
        }
    }

    /**
     * Fits the slope {@code s} of {@code softmax(s · scores)} by maximum likelihood (bisection on the derivative,
     * which increases with {@code s}), with Platt's smoothed targets: a row of class c puts {@code (n_c + 1) / (n_c +
     * 2)} on c and spreads the rest evenly over the other classes. The slope stays within [1e-6, 1e6], so the most
     * probable class is always the one with the highest score.
     *
     * @param scores one row of k ≥ 2 scores per training row
     * @param labels the class of each row, in [0, k)
     */
    static double fitSoftmaxSlope(double[][] scores, int[] labels) {
        int classes = scores[0].length;
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        double[] probabilities = new double[classes];
        double low = LEAST_SLOPE;
        double high = GREATEST_SLOPE;
        if (softmaxSlopeDerivative(scores, labels, counts, low, probabilities) >= 0) {
            return low;
        }
        if (softmaxSlopeDerivative(scores, labels, counts, high, probabilities) <= 0) {
            return high;
        }
        for (int step = 0; step < SLOPE_BISECTIONS; step++) {
            double middle = Math.sqrt(low * high);
            if (softmaxSlopeDerivative(scores, labels, counts, middle, probabilities) > 0) {
                high = middle;
            }
            else {
                low = middle;
            }
        }
        return Math.sqrt(low * high);
    }

    private static double softmaxSlopeDerivative(
            double[][] scores, int[] labels, int[] counts, double slope, double[] probabilities) {
        int classes = probabilities.length;
        double derivative = 0;
        for (int row = 0; row < scores.length; row++) {
            softmax(scores[row], slope, probabilities);
            int label = labels[row];
            double own = (counts[label] + 1.0) / (counts[label] + 2.0);
            double other = (1 - own) / (classes - 1);
            for (int c = 0; c < classes; c++) {
                derivative += (probabilities[c] - (c == label ? own : other)) * scores[row][c];
            }
        }
        return derivative;
    }

    /** {@code output = softmax(slope · scores)}. */
    static void softmax(double[] scores, double slope, double[] output) {
        double max = Double.NEGATIVE_INFINITY;
        for (double score : scores) {
            max = Math.max(max, score);
        }
        double sum = 0;
        for (int c = 0; c < scores.length; c++) {
            output[c] = Math.exp(slope * (scores[c] - max));
            sum += output[c];
        }
        for (int c = 0; c < scores.length; c++) {
            output[c] /= sum;
        }
    }
}
