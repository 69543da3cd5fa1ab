package dev.marquee.classic;

import dev.marquee.core.Algorithm;
import dev.marquee.core.FittedModel;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.ParameterReader;
import dev.marquee.core.Task;
import dev.marquee.core.TrainingContext;
import dev.marquee.core.TrainingData;
import java.util.Map;
import java.util.Set;

/**
 * {@code elastic_net}: linear regression with a mix of L1 and L2 penalties, scikit-learn's {@code ElasticNet}, and its
 * {@code Lasso} when {@code l1_ratio = 1}. It minimises
 * {@code (1 / 2n) · Σ (y - Xw - b)² + alpha · l1_ratio · ‖w‖₁ + (alpha · (1 - l1_ratio) / 2) · ‖w‖²} over the
 * coefficients w and the intercept b. The intercept is not penalised: it fits centred features and targets, then sets
 * {@code b = mean(y) - mean(X) · w}. The L1 part sets coefficients exactly to 0, so a large enough alpha selects
 * features. Features are penalised in their own units; standardised features are penalised alike.
 *
 * <p>The solver is scikit-learn's cyclic coordinate descent ({@code cd_fast.enet_coordinate_descent}) from zero
 * coefficients, so it is deterministic. Each pass visits the features in order and sets each coefficient to its exact
 * minimiser given the others by soft thresholding, keeping the residuals current in O(n) per feature; features that
 * centre to exactly 0 (constant ones, as a rule) keep coefficient 0. It works on a centred column-major copy of the
 * features: O(n·d) memory besides the data, O(n·d) time per pass.
 *
 * <p>Stopping rule, scikit-learn's: after a pass in which the largest change of a coefficient is below
 * {@code tolerance} times the largest |coefficient| (or every coefficient is 0), or after the last allowed pass, it
 * computes the duality gap of the objective, taking as dual point the residuals scaled into the dual's feasible set.
 * It stops once that gap is at most {@code tolerance · Σ (y - mean(y))²} in scikit-learn's unnormalised objective (the
 * one above times n), i.e. once the gap of the objective above is at most {@code tolerance} times the target's
 * variance. Unlike scikit-learn's strict {@code <}, the test is {@code ≤}, so a constant target (gap and bound both
 * 0) stops after one pass. Where the L1 part is 0 ({@code alpha = 0} or {@code l1_ratio = 0}) that dual point is
 * scaled to 0, the gap equals the objective, and the rule in practice never holds: such fits run all
 * {@code max_iterations} passes, as scikit-learn's do; {@code linear_regression} solves those problems exactly.
 *
 * <p>Its models are {@link LinearRegressionModel}s. Parameters:
 * <ul>
 *   <li>{@code alpha} (≥ 0, default 1): the overall penalty strength, scikit-learn's {@code alpha}. 0 gives ordinary
 *       least squares, slowly; prefer {@code linear_regression} for that.
 *   <li>{@code l1_ratio} (0 to 1, default 0.5): the L1 share of the penalty; 1 is the lasso, 0 is ridge regression
 *       ({@code linear_regression} with {@code l2 = n · alpha}).
 *   <li>{@code max_iterations} (1 to 100,000, default 1000): passes over the features.
 *   <li>{@code tolerance} (> 0, default 1e-4, scikit-learn's {@code tol}): the relative coefficient change that
 *       triggers a duality-gap check, and the gap, relative to the target's variance, at which it stops.
 * </ul>
 */
public final class ElasticNet implements Algorithm {
    public static final String NAME = "elastic_net";

    private static final double DEFAULT_ALPHA = 1;
    private static final double DEFAULT_L1_RATIO = 0.5;
    private static final int DEFAULT_MAX_ITERATIONS = 1000;
    private static final int MOST_ITERATIONS = 100_000;
    private static final double DEFAULT_TOLERANCE = 1e-4;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Task> tasks() {
        return Set.of(Task.REGRESSION);
    }

    @Override
    public Map<String, String> resolveParameters(Map<String, String> parameters) {
        ParameterReader reader = new ParameterReader(NAME, parameters);
        Settings.read(reader);
        return reader.finish();
    }

    @Override
    public FittedModel fit(TrainingData data, Map<String, String> parameters, TrainingContext context) {
        if (data.task() != Task.REGRESSION) {
            throw MarqueeException.invalid("%s predicts numbers; the data is for %s", NAME, data.task());
        }
        ParameterReader reader = new ParameterReader(NAME, parameters);
        Settings settings = Settings.read(reader);
        reader.finish();
        context.checkCancelled();

        int rows = data.rowCount();
        int features = data.featureCount();
        double[] featureMeans = new double[features];
        double[][] columns = new double[features][rows];
        for (int feature = 0; feature < features; feature++) {
            double[] column = columns[feature];
            for (int row = 0; row < rows; row++) {
                column[row] = data.features()[row][feature];
            }
            featureMeans[feature] = mean(column);
            for (int row = 0; row < rows; row++) {
                column[row] -= featureMeans[feature];
            }
        }
        double targetMean = mean(data.targets());
        double[] targets = new double[rows];
        for (int row = 0; row < rows; row++) {
            targets[row] = data.targets()[row] - targetMean;
        }

        Solution solution = minimise(columns, targets, settings, context);
        double[] coefficients = solution.coefficients();
        int nonZero = 0;
        for (double coefficient : coefficients) {
            nonZero += coefficient != 0 ? 1 : 0;
        }
        context.progress().progress(1, "%s after %d iterations, duality gap %.3g, %d of %d coefficients non-zero"
                .formatted(
                        solution.converged() ? "converged" : "stopped at max_iterations",
                        solution.iterations(),
                        solution.gap(),
                        nonZero,
                        features));
        return new LinearRegressionModel(coefficients, targetMean - Vectors.dot(coefficients, featureMeans));
    }

    @Override
    public Class<LinearRegressionModel> modelType() {
        return LinearRegressionModel.class;
    }

    /**
     * Coordinate descent on centred data, in scikit-learn's unnormalised form: minimises {@code ½‖r‖² + l1 · ‖w‖₁ +
     * (l2 / 2) · ‖w‖²} with residuals {@code r = y - Xw}, {@code l1 = n · alpha · l1_ratio} and
     * {@code l2 = n · alpha · (1 - l1_ratio)}. Reports the objective divided by n, the documented one, per pass.
     */
    private static Solution minimise(double[][] columns, double[] targets, Settings settings, TrainingContext context) {
        int rows = targets.length;
        double l1 = rows * settings.alpha() * settings.l1Ratio();
        double l2 = rows * settings.alpha() * (1 - settings.l1Ratio());
        double[] squaredNorms = new double[columns.length];
        for (int feature = 0; feature < columns.length; feature++) {
            squaredNorms[feature] = Vectors.dot(columns[feature], columns[feature]);
        }
        double[] weights = new double[columns.length];
        double[] residuals = targets.clone();
        double gapBound = settings.tolerance() * Vectors.dot(targets, targets);
        double gap = Double.POSITIVE_INFINITY;
        for (int iteration = 1; iteration <= settings.maxIterations(); iteration++) {
            context.checkCancelled();
            double largestWeight = 0;
            double largestChange = 0;
            for (int feature = 0; feature < columns.length; feature++) {
                if (squaredNorms[feature] == 0) {
                    continue;
                }
                double[] column = columns[feature];
                double previous = weights[feature];
                if (previous != 0) {
                    Vectors.addScaled(residuals, previous, column);
                }
                double correlation = Vectors.dot(column, residuals);
                // Soft thresholding; a coefficient thresholded away is +0, never -0, in the model's JSON.
                double shrunk = Math.abs(correlation) - l1;
                double updated = shrunk > 0 ? Math.copySign(shrunk, correlation) / (squaredNorms[feature] + l2) : 0;
                if (updated != 0) {
                    Vectors.addScaled(residuals, -updated, column);
                }
                weights[feature] = updated;
                largestChange = Math.max(largestChange, Math.abs(updated - previous));
                largestWeight = Math.max(largestWeight, Math.abs(updated));
            }
            double residualSquares = Vectors.dot(residuals, residuals);
            double loss = (0.5 * residualSquares + l1 * l1Norm(weights) + 0.5 * l2 * Vectors.dot(weights, weights))
                    / rows;
            context.progress().curve(iteration, Map.of("loss", loss));
            context.progress().progress(
                    (double) iteration / settings.maxIterations(),
                    "iteration %d/%d loss %.6f".formatted(iteration, settings.maxIterations(), loss));
            if (largestWeight == 0
                    || largestChange / largestWeight < settings.tolerance()
                    || iteration == settings.maxIterations()) {
                gap = dualityGap(columns, targets, residuals, residualSquares, weights, l1, l2);
                if (gap <= gapBound) {
                    return new Solution(weights, iteration, true, gap / rows);
                }
            }
        }
        return new Solution(weights, settings.maxIterations(), false, gap / rows);
    }

    /**
     * The duality gap of the unnormalised objective at {@code weights}, with the dual point {@code s · r}, where
     * {@code s = min(1, l1 / ‖Xᵀr - l2 · w‖∞)} makes it feasible; computed as scikit-learn does.
     */
    private static double dualityGap(
            double[][] columns,
            double[] targets,
            double[] residuals,
            double residualSquares,
            double[] weights,
            double l1,
            double l2) {
        double dualNorm = 0;
        for (int feature = 0; feature < columns.length; feature++) {
            dualNorm = Math.max(
                    dualNorm, Math.abs(Vectors.dot(columns[feature], residuals) - l2 * weights[feature]));
        }
        double scale = 1;
        double gap = residualSquares;
        if (dualNorm > l1) {
            scale = l1 / dualNorm;
            gap = 0.5 * residualSquares * (1 + scale * scale);
        }
        return gap
                + l1 * l1Norm(weights)
                - scale * Vectors.dot(residuals, targets)
                + 0.5 * l2 * (1 + scale * scale) * Vectors.dot(weights, weights);
    }

    private static double l1Norm(double[] vector) {
        double sum = 0;
        for (double value : vector) {
            sum += Math.abs(value);
        }
        return sum;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    /**
     * @param iterations passes run
     * @param converged whether the duality gap met the tolerance before the iteration limit
     * @param gap the duality gap of the documented (normalised) objective after the last pass
     */
    private record Solution(double[] coefficients, int iterations, boolean converged, double gap) {}

    private record Settings(double alpha, double l1Ratio, int maxIterations, double tolerance) {
        static Settings read(ParameterReader reader) {
            return new Settings(
                    reader.real("alpha", DEFAULT_ALPHA, value -> value >= 0, "be >= 0"),
                    reader.real("l1_ratio", DEFAULT_L1_RATIO, value -> value >= 0 && value <= 1, "be between 0 and 1"),
                    reader.integer(
                            "max_iterations",
                            DEFAULT_MAX_ITERATIONS,
                            value -> value >= 1 && value <= MOST_ITERATIONS,
                            "be between 1 and " + MOST_ITERATIONS),
                    reader.real("tolerance", DEFAULT_TOLERANCE, value -> value > 0, "be > 0"));
        }
    }
}
