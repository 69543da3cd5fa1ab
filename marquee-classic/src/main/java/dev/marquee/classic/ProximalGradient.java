package dev.marquee.classic;

import java.util.function.IntPredicate;

/**
 * Minimises {@code f(x) + weight · Σ |x_i|} over the coordinates {@code i} that {@code penalised} selects, for a smooth
 * {@code f}, by accelerated proximal gradient descent (FISTA, Beck and Teboulle 2009) with backtracking on the step
 * size: each step is a gradient step on {@code f} followed by soft-thresholding, which sets small coordinates exactly
 * to zero. Deterministic. Stops once the gradient mapping {@code L · (y − x⁺)} has no component above the tolerance —
 * the L1 counterpart of a small gradient.
 */
final class ProximalGradient {
    private static final double INITIAL_LIPSCHITZ = 1;
    private static final double LIPSCHITZ_GROWTH = 2;
    private static final double LIPSCHITZ_SHRINK = 0.9;

    private ProximalGradient() {}

    static Lbfgs.Result minimise(
            DifferentiableFunction smooth,
            double weight,
            IntPredicate penalised,
            double[] start,
            int maxIterations,
            double tolerance,
            Lbfgs.IterationListener listener) {
        int dimension = start.length;
        double[] point = start.clone();
        double[] momentumPoint = start.clone();
        double[] gradient = new double[dimension];
        double[] candidate = new double[dimension];
        double[] candidateGradient = new double[dimension];
        double lipschitz = INITIAL_LIPSCHITZ;
        double momentum = 1;
        double value = objective(smooth.evaluate(point, gradient), point, weight, penalised);
        for (int iteration = 1; iteration <= maxIterations; iteration++) {
            double smoothValue = smooth.evaluate(momentumPoint, gradient);
            double candidateSmooth;
            while (true) {
                for (int index = 0; index < dimension; index++) {
                    double stepped = momentumPoint[index] - gradient[index] / lipschitz;
                    candidate[index] = penalised.test(index) ? softThreshold(stepped, weight / lipschitz) : stepped;
                }
                candidateSmooth = smooth.evaluate(candidate, candidateGradient);
                double bound = smoothValue;
                for (int index = 0; index < dimension; index++) {
                    double difference = candidate[index] - momentumPoint[index];
                    bound += gradient[index] * difference + lipschitz / 2 * difference * difference;
                }
                if (candidateSmooth <= bound + 1e-12 * Math.abs(bound)) {
                    break;
                }
                lipschitz *= LIPSCHITZ_GROWTH;
            }
            double mapping = 0;
            for (int index = 0; index < dimension; index++) {
                mapping = Math.max(mapping, Math.abs(lipschitz * (momentumPoint[index] - candidate[index])));
            }
            double nextMomentum = (1 + Math.sqrt(1 + 4 * momentum * momentum)) / 2;
            for (int index = 0; index < dimension; index++) {
                double previous = point[index];
                point[index] = candidate[index];
                momentumPoint[index] = candidate[index] + (momentum - 1) / nextMomentum * (candidate[index] - previous);
            }
            momentum = nextMomentum;
            value = objective(candidateSmooth, point, weight, penalised);
            listener.iteration(iteration, value);
            if (mapping <= tolerance) {
                return new Lbfgs.Result(point, value, iteration, true);
            }
            lipschitz *= LIPSCHITZ_SHRINK;
        }
        return new Lbfgs.Result(point, value, maxIterations, false);
    }

    /** Shrinks towards 0 by {@code threshold}; a value within it becomes exactly +0 (never -0). */
    static double softThreshold(double value, double threshold) {
        double shrunk = Math.abs(value) - threshold;
        return shrunk > 0 ? Math.copySign(shrunk, value) : 0;
    }

    private static double objective(double smoothValue, double[] point, double weight, IntPredicate penalised) {
        double penalty = 0;
        for (int index = 0; index < point.length; index++) {
            if (penalised.test(index)) {
                penalty += Math.abs(point[index]);
            }
        }
        return smoothValue + weight * penalty;
    }
}
