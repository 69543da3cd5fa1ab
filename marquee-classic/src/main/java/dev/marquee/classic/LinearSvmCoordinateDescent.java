package dev.marquee.classic;

import dev.marquee.core.TrainingContext;
import java.util.Arrays;
import java.util.Random;

/**
 * Dual coordinate descent for L2-regularised linear SVMs (Hsieh, Chang, Lin, Keerthi and Sundararajan 2008; Ho and
 * Lin 2012 for regression), following liblinear's {@code solve_l2r_l1l2_svc} and {@code solve_l2r_l1l2_svr}, with
 * their shrinking and stopping rules. The intercept is the weight of a constant bias feature 1, regularised like the
 * other weights, as liblinear does (scikit-learn's {@code intercept_scaling = 1}). Each outer iteration visits the
 * active coordinates in an order shuffled by the given random source, and checks for cancellation.
 */
final class LinearSvmCoordinateDescent {
    /** liblinear skips updates smaller than this. */
    private static final double NEGLIGIBLE = 1e-12;

    private LinearSvmCoordinateDescent() {}

    /**
     * The weights, intercept last, and how the iteration ended.
     *
     * @param iterations outer iterations run
     * @param converged whether the stopping rule held before the iteration limit
     */
    record Solution(double[] weights, int iterations, boolean converged) {
        double intercept() {
            return weights[weights.length - 1];
        }

        double[] coefficients() {
            return Arrays.copyOf(weights, weights.length - 1);
        }
    }

    /**
     * Minimises {@code ½‖w‖² + c Σ loss(yᵢ wᵀxᵢ)} with the hinge loss {@code max(0, 1 - m)} or the squared hinge
     * {@code max(0, 1 - m)²}; stops once the projected-gradient spread is at most {@code tolerance}.
     *
     * @param signs +1 or -1 per row
     */
    static Solution classify(
            double[][] features,
            double[] signs,
            double c,
            boolean squaredHinge,
            double tolerance,
            int maxIterations,
            Random random,
            TrainingContext context) {
        int rows = features.length;
        double diagonal = squaredHinge ? 0.5 / c : 0;
        double upperBound = squaredHinge ? Double.POSITIVE_INFINITY : c;
        double[] weights = new double[features[0].length + 1];
        double[] alphas = new double[rows];
        double[] curvatures = new double[rows];
        int[] order = new int[rows];
        for (int row = 0; row < rows; row++) {
            curvatures[row] = diagonal + Vectors.dot(features[row], features[row]) + 1;
            order[row] = row;
        }
        double previousMax = Double.POSITIVE_INFINITY;
        double previousMin = Double.NEGATIVE_INFINITY;
        int active = rows;
        int iteration = 0;
        boolean converged = false;
        while (iteration < maxIterations) {
            context.checkCancelled();
            double max = Double.NEGATIVE_INFINITY;
            double min = Double.POSITIVE_INFINITY;
            shuffle(order, active, random);
            for (int position = 0; position < active; position++) {
                int row = order[position];
                double gradient = signs[row] * score(weights, features[row]) - 1 + diagonal * alphas[row];
                double projected = 0;
                if (alphas[row] == 0) {
                    if (gradient > previousMax) {
                        active--;
                        swap(order, position, active);
                        position--;
                        continue;
                    }
                    if (gradient < 0) {
                        projected = gradient;
                    }
                }
                else if (alphas[row] == upperBound) {
                    if (gradient < previousMin) {
                        active--;
                        swap(order, position, active);
                        position--;
                        continue;
                    }
                    if (gradient > 0) {
                        projected = gradient;
                    }
                }
                else {
                    projected = gradient;
                }
                max = Math.max(max, projected);
                min = Math.min(min, projected);
                if (Math.abs(projected) > NEGLIGIBLE) {
                    double previous = alphas[row];
                    alphas[row] = Math.min(Math.max(previous - gradient / curvatures[row], 0), upperBound);
                    addToWeights(weights, (alphas[row] - previous) * signs[row], features[row]);
                }
            }
            iteration++;
            if (max - min <= tolerance) {
                if (active == rows) {
                    converged = true;
                    break;
                }
                // Shrunk coordinates may violate the conditions again: check them all before stopping.
                active = rows;
                previousMax = Double.POSITIVE_INFINITY;
                previousMin = Double.NEGATIVE_INFINITY;
                continue;
            }
            previousMax = max <= 0 ? Double.POSITIVE_INFINITY : max;
            previousMin = min >= 0 ? Double.NEGATIVE_INFINITY : min;
        }
        return new Solution(weights, iteration, converged);
    }

    /**
     * Minimises {@code ½‖w‖² + c Σ loss(yᵢ - wᵀxᵢ)} with the epsilon-insensitive loss {@code max(0, |r| - epsilon)}
     * or its square; stops once the summed violation falls to {@code tolerance} times that of the first iteration.
     */
    static Solution regress(
            double[][] features,
            double[] targets,
            double c,
            double epsilon,
            boolean squared,
            double tolerance,
            int maxIterations,
            Random random,
            TrainingContext context) {
        int rows = features.length;
        double lambda = squared ? 0.5 / c : 0;
        double upperBound = squared ? Double.POSITIVE_INFINITY : c;
        double[] weights = new double[features[0].length + 1];
        double[] betas = new double[rows];
        double[] squaredNorms = new double[rows];
        int[] order = new int[rows];
        for (int row = 0; row < rows; row++) {
            squaredNorms[row] = Vectors.dot(features[row], features[row]) + 1;
            order[row] = row;
        }
        double previousMax = Double.POSITIVE_INFINITY;
        double initialViolation = 0;
        int active = rows;
        int iteration = 0;
        boolean converged = false;
        while (iteration < maxIterations) {
            context.checkCancelled();
            double max = 0;
            double violationSum = 0;
            shuffle(order, active, random);
            for (int position = 0; position < active; position++) {
                int row = order[position];
                double beta = betas[row];
                double gradient = -targets[row] + lambda * beta + score(weights, features[row]);
                double curvature = squaredNorms[row] + lambda;
                double gradientPlus = gradient + epsilon;
                double gradientMinus = gradient - epsilon;
                double violation = 0;
                if (beta == 0) {
                    if (gradientPlus < 0) {
                        violation = -gradientPlus;
                    }
                    else if (gradientMinus > 0) {
                        violation = gradientMinus;
                    }
                    else if (gradientPlus > previousMax && gradientMinus < -previousMax) {
                        active--;
                        swap(order, position, active);
                        position--;
                        continue;
                    }
                }
                else if (beta >= upperBound) {
                    if (gradientPlus > 0) {
                        violation = gradientPlus;
                    }
                    else if (gradientPlus < -previousMax) {
                        active--;
                        swap(order, position, active);
                        position--;
                        continue;
                    }
                }
                else if (beta <= -upperBound) {
                    if (gradientMinus < 0) {
                        violation = -gradientMinus;
                    }
                    else if (gradientMinus > previousMax) {
                        active--;
                        swap(order, position, active);
                        position--;
                        continue;
                    }
                }
                else if (beta > 0) {
                    violation = Math.abs(gradientPlus);
                }
                else {
                    violation = Math.abs(gradientMinus);
                }
                max = Math.max(max, violation);
                violationSum += violation;
                double step;
                if (gradientPlus < curvature * beta) {
                    step = -gradientPlus / curvature;
                }
                else if (gradientMinus > curvature * beta) {
                    step = -gradientMinus / curvature;
                }
                else {
                    step = -beta;
                }
                if (Math.abs(step) < NEGLIGIBLE) {
                    continue;
                }
                betas[row] = Math.min(Math.max(beta + step, -upperBound), upperBound);
                double change = betas[row] - beta;
                if (change != 0) {
                    addToWeights(weights, change, features[row]);
                }
            }
            if (iteration == 0) {
                initialViolation = violationSum;
            }
            iteration++;
            if (violationSum <= tolerance * initialViolation) {
                if (active == rows) {
                    converged = true;
                    break;
                }
                active = rows;
                previousMax = Double.POSITIVE_INFINITY;
                continue;
            }
            previousMax = max;
        }
        return new Solution(weights, iteration, converged);
    }

    /** {@code w · (x, 1)}. */
    private static double score(double[] weights, double[] features) {
        double sum = weights[features.length];
        for (int feature = 0; feature < features.length; feature++) {
            sum += weights[feature] * features[feature];
        }
        return sum;
    }

    /** {@code w += factor · (x, 1)}. */
    private static void addToWeights(double[] weights, double factor, double[] features) {
        for (int feature = 0; feature < features.length; feature++) {
            weights[feature] += factor * features[feature];
        }
        weights[features.length] += factor;
    }

    /** Shuffles the first {@code length} entries, as liblinear does each outer iteration. */
    private static void shuffle(int[] order, int length, Random random) {
        for (int position = 0; position < length; position++) {
            swap(order, position, position + random.nextInt(length - position));
        }
    }

    private static void swap(int[] order, int first, int second) {
        int saved = order[first];
        order[first] = order[second];
        order[second] = saved;
    }
}
