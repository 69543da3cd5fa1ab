package dev.marquee.classic;

import dev.marquee.core.TrainingContext;

/**
 * Sequential minimal optimisation for the SVM dual, as libsvm's {@code Solver} (Fan, Chen and Lin 2005) without
 * shrinking: minimises {@code ½ αᵀQα + pᵀα} subject to {@code 0 ≤ αᵢ ≤ c} and {@code yᵀα = 0}, where {@code Qᵢⱼ =
 * yᵢ yⱼ K(xᵢ, xⱼ)}. Each iteration picks the pair of variables by libsvm's second-order working-set selection (WSS3)
 * and solves for it analytically; the solve stops once the maximal violation {@code m(α) - M(α)} is below the
 * tolerance, or after {@code max(10⁷, 100 · variables)} iterations as libsvm. Several variables may share a training
 * row (epsilon-SVR has two per row).
 */
final class SmoSolver {
    /** libsvm's stand-in for a non-positive curvature. */
    private static final double TAU = 1e-12;
    private static final long LEAST_ITERATION_LIMIT = 10_000_000;
    private static final int ITERATIONS_PER_VARIABLE = 100;
    /** How often a long solve tells its listener how far it has got. */
    static final long ITERATIONS_PER_REPORT = 10_000;

    private SmoSolver() {}

    /**
     * The optimal variables and the offset.
     *
     * @param gradient the gradient {@code Qα + p} at the solution, from which the decision values of the training
     *     rows follow without kernel evaluations
     * @param rho the decision function is {@code Σ αᵢ yᵢ K(xᵢ, x) - rho}
     */
    record Solution(double[] alphas, double[] gradient, double rho, long iterations, boolean converged) {}

    /** Hears about a long solve every {@link #ITERATIONS_PER_REPORT} iterations. */
    @FunctionalInterface
    interface Listener {
        /** @param violation the maximal violation of the optimality conditions, which falls to the tolerance */
        void iterated(long iterations, double violation);
    }

    /**
     * @param kernel the kernel rows of the training rows
     * @param dataRows the training row of each variable
     * @param signs +1 or -1 per variable
     * @param linear the linear term p per variable
     * @param context checked for cancellation every iteration
     */
    static Solution solve(
            SmoKernelRows kernel,
            int[] dataRows,
            double[] signs,
            double[] linear,
            double c,
            double tolerance,
            TrainingContext context,
            Listener listener) {
        int variables = dataRows.length;
        double[] alphas = new double[variables];
        double[] gradient = linear.clone();
        double[] diagonal = new double[variables];
        for (int variable = 0; variable < variables; variable++) {
            diagonal[variable] = kernel.diagonal(dataRows[variable]);
        }
        long limit = Math.max(LEAST_ITERATION_LIMIT, (long) ITERATIONS_PER_VARIABLE * variables);
        long iterations = 0;
        boolean converged = false;
        while (iterations < limit) {
            context.checkCancelled();
            // Working-set selection (WSS3): i maximises the violation, j the second-order decrease of the objective.
            int first = -1;
            double largest = Double.NEGATIVE_INFINITY;
            for (int t = 0; t < variables; t++) {
                if (signs[t] > 0 ? alphas[t] < c : alphas[t] > 0) {
                    double violation = -signs[t] * gradient[t];
                    if (violation >= largest) {
                        largest = violation;
                        first = t;
                    }
                }
            }
            int second = -1;
            double secondLargest = Double.NEGATIVE_INFINITY;
            double bestDecrease = Double.POSITIVE_INFINITY;
            double[] firstRow = first >= 0 ? kernel.row(dataRows[first]) : null;
            for (int t = 0; t < variables; t++) {
                if (signs[t] > 0 ? alphas[t] > 0 : alphas[t] < c) {
                    double violation = signs[t] * gradient[t];
                    secondLargest = Math.max(secondLargest, violation);
                    double gradientDifference = largest + violation;
                    if (firstRow != null && gradientDifference > 0) {
                        // Whatever the signs, the curvature along the pair's feasible direction is Kii + Ktt - 2 Kit.
                        double curvature = diagonal[first] + diagonal[t] - 2 * firstRow[dataRows[t]];
                        double decrease = -gradientDifference * gradientDifference / (curvature > 0 ? curvature : TAU);
                        if (decrease <= bestDecrease) {
                            bestDecrease = decrease;
                            second = t;
                        }
                    }
                }
            }
            if (largest + secondLargest < tolerance || second == -1) {
                converged = true;
                break;
            }
            iterations++;
            if (iterations % ITERATIONS_PER_REPORT == 0) {
                listener.iterated(iterations, largest + secondLargest);
            }
            update(kernel, dataRows, signs, c, alphas, gradient, diagonal, first, second);
        }
        return new Solution(alphas, gradient, rho(signs, c, alphas, gradient), iterations, converged);
    }

    private static void update(
            SmoKernelRows kernel,
            int[] dataRows,
            double[] signs,
            double c,
            double[] alphas,
            double[] gradient,
            double[] diagonal,
            int i,
            int j) {
        double[] rowI = kernel.row(dataRows[i]);
        double[] rowJ = kernel.row(dataRows[j]);
        double qIJ = signs[i] * signs[j] * rowI[dataRows[j]];
        double oldI = alphas[i];
        double oldJ = alphas[j];
        double alphaI = oldI;
        double alphaJ = oldJ;
        if (signs[i] != signs[j]) {
            double curvature = diagonal[i] + diagonal[j] + 2 * qIJ;
            double delta = (-gradient[i] - gradient[j]) / (curvature > 0 ? curvature : TAU);
            double difference = alphaI - alphaJ;
            alphaI += delta;
            alphaJ += delta;
            if (difference > 0) {
                if (alphaJ < 0) {
                    alphaJ = 0;
                    alphaI = difference;
                }
            }
            else if (alphaI < 0) {
                alphaI = 0;
                alphaJ = -difference;
            }
            if (difference > 0) {
                if (alphaI > c) {
                    alphaI = c;
                    alphaJ = c - difference;
                }
            }
            else if (alphaJ > c) {
                alphaJ = c;
                alphaI = c + difference;
            }
        }
        else {
            double curvature = diagonal[i] + diagonal[j] - 2 * qIJ;
            double delta = (gradient[i] - gradient[j]) / (curvature > 0 ? curvature : TAU);
            double sum = alphaI + alphaJ;
            alphaI -= delta;
            alphaJ += delta;
            if (sum > c) {
                if (alphaI > c) {
                    alphaI = c;
                    alphaJ = sum - c;
                }
            }
            else if (alphaJ < 0) {
                alphaJ = 0;
                alphaI = sum;
            }
            if (sum > c) {
                if (alphaJ > c) {
                    alphaJ = c;
                    alphaI = sum - c;
                }
            }
            else if (alphaI < 0) {
                alphaI = 0;
                alphaJ = sum;
            }
        }
        alphas[i] = alphaI;
        alphas[j] = alphaJ;
        double changeI = signs[i] * (alphaI - oldI);
        double changeJ = signs[j] * (alphaJ - oldJ);
        for (int t = 0; t < gradient.length; t++) {
            gradient[t] += signs[t] * (changeI * rowI[dataRows[t]] + changeJ * rowJ[dataRows[t]]);
        }
    }

    /** libsvm's {@code calculate_rho}: the mean over free variables, else the middle of the feasible interval. */
    private static double rho(double[] signs, double c, double[] alphas, double[] gradient) {
        int free = 0;
        double freeSum = 0;
        double upper = Double.POSITIVE_INFINITY;
        double lower = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < alphas.length; t++) {
            double value = signs[t] * gradient[t];
            if (alphas[t] >= c) {
                if (signs[t] < 0) {
                    upper = Math.min(upper, value);
                }
                else {
                    lower = Math.max(lower, value);
                }
            }
            else if (alphas[t] <= 0) {
                if (signs[t] > 0) {
                    upper = Math.min(upper, value);
                }
                else {
                    lower = Math.max(lower, value);
                }
            }
            else {
                free++;
                freeSum += value;
            }
        }
        return free > 0 ? freeSum / free : (upper + lower) / 2;
    }
}
