package dev.marquee.classic;

import static java.util.Objects.requireNonNull;

/**
 * Limited-memory BFGS minimisation with a backtracking (Armijo) line search. Deterministic: the same function and
 * start always take the same steps. Stops when the largest gradient component is at most the tolerance, when the
 * relative decrease of the value becomes negligible (as SciPy's {@code factr} test does), when the line search cannot
 * decrease the value any more, or after the iteration limit.
 */
final class Lbfgs {
    private static final int MEMORY = 10;
    private static final double SUFFICIENT_DECREASE = 1e-4;
    private static final int MAX_STEP_HALVINGS = 50;
    private static final double NEGLIGIBLE_RELATIVE_DECREASE = 1e-10;
    private static final double MIN_CURVATURE = 1e-12;

    private Lbfgs() {}

    /** Called after every iteration; may throw to abort (e.g. on cancellation). */
    @FunctionalInterface
    interface IterationListener {
        void iteration(int iteration, double value);
    }

    /**
     * @param iterations iterations performed
     * @param converged false only when the iteration limit stopped it
     */
    record Result(double[] solution, double value, int iterations, boolean converged) {
        Result {
            requireNonNull(solution, "solution is null");
        }
    }

    static Result minimise(
            DifferentiableFunction function,
            double[] start,
            int maxIterations,
            double tolerance,
            IterationListener listener) {
        int dimension = start.length;
        double[] point = start.clone();
        double[] gradient = new double[dimension];
        double value = function.evaluate(point, gradient);
        double[] candidate = new double[dimension];
        double[] candidateGradient = new double[dimension];
        double[] direction = new double[dimension];
        History history = new History(dimension);

        for (int iteration = 1; iteration <= maxIterations; iteration++) {
            if (Vectors.maxAbs(gradient) <= tolerance) {
                return new Result(point, value, iteration - 1, true);
            }
            history.searchDirection(gradient, direction);
            double slope = Vectors.dot(direction, gradient);
            if (!(slope < 0)) {
                // The curvature pairs no longer describe a descent direction: restart from steepest descent.
                history.clear();
                history.searchDirection(gradient, direction);
                slope = Vectors.dot(direction, gradient);
            }
            double step = 1;
            double candidateValue = Double.NaN;
            for (int halving = 0; halving <= MAX_STEP_HALVINGS; halving++) {
                for (int index = 0; index < dimension; index++) {
                    candidate[index] = point[index] + step * direction[index];
                }
                candidateValue = function.evaluate(candidate, candidateGradient);
                if (candidateValue <= value + SUFFICIENT_DECREASE * step * slope) {
                    break;
                }
                step /= 2;
            }
            if (!(candidateValue <= value)) {
                return new Result(point, value, iteration - 1, true);
            }
            history.add(point, candidate, gradient, candidateGradient);
            double decrease = value - candidateValue;
            System.arraycopy(candidate, 0, point, 0, dimension);
            System.arraycopy(candidateGradient, 0, gradient, 0, dimension);
            value = candidateValue;
            listener.iteration(iteration, value);
            if (decrease <= NEGLIGIBLE_RELATIVE_DECREASE * Math.max(1, Math.abs(value))) {
                return new Result(point, value, iteration, true);
            }
        }
        return new Result(point, value, maxIterations, Vectors.maxAbs(gradient) <= tolerance);
    }

    /** The most recent curvature pairs (s = step, y = gradient change), in a ring buffer. */
    private static final class History {
        private final double[][] steps = new double[MEMORY][];
        private final double[][] gradientChanges = new double[MEMORY][];
        private final double[] inverseCurvatures = new double[MEMORY];
        private final double[] coefficients = new double[MEMORY];
        private int size;
        private int newest = -1;

        History(int dimension) {
            for (int slot = 0; slot < MEMORY; slot++) {
                steps[slot] = new double[dimension];
                gradientChanges[slot] = new double[dimension];
            }
        }

        void clear() {
            size = 0;
            newest = -1;
        }

        void add(double[] point, double[] next, double[] gradient, double[] nextGradient) {
            int slot = (newest + 1) % MEMORY;
            double[] step = steps[slot];
            double[] change = gradientChanges[slot];
            for (int index = 0; index < step.length; index++) {
                step[index] = next[index] - point[index];
                change[index] = nextGradient[index] - gradient[index];
            }
            double curvature = Vectors.dot(step, change);
            if (curvature > MIN_CURVATURE * Math.sqrt(Vectors.dot(change, change) * Vectors.dot(step, step))) {
                inverseCurvatures[slot] = 1 / curvature;
                newest = slot;
                size = Math.min(size + 1, MEMORY);
            }
            else if (size == MEMORY) {
                // The rejected pair overwrote the oldest one: forget it.
                size--;
            }
        }

        /** The two-loop recursion: {@code direction = -H · gradient} for the implied inverse Hessian H. */
        void searchDirection(double[] gradient, double[] direction) {
            System.arraycopy(gradient, 0, direction, 0, gradient.length);
            for (int age = 0; age < size; age++) {
                int slot = Math.floorMod(newest - age, MEMORY);
                coefficients[slot] = inverseCurvatures[slot] * Vectors.dot(steps[slot], direction);
                Vectors.addScaled(direction, -coefficients[slot], gradientChanges[slot]);
            }
            double scale;
            if (size > 0) {
                double[] change = gradientChanges[newest];
                scale = Vectors.dot(steps[newest], change) / Vectors.dot(change, change);
            }
            else {
                scale = 1 / Math.max(1, Math.sqrt(Vectors.dot(gradient, gradient)));
            }
            for (int index = 0; index < direction.length; index++) {
                direction[index] *= scale;
            }
            for (int age = size - 1; age >= 0; age--) {
                int slot = Math.floorMod(newest - age, MEMORY);
                double correction = inverseCurvatures[slot] * Vectors.dot(gradientChanges[slot], direction);
                Vectors.addScaled(direction, coefficients[slot] - correction, steps[slot]);
            }
            for (int index = 0; index < direction.length; index++) {
                direction[index] = -direction[index];
            }
        }
    }
}
