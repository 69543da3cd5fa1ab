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
 * {@code logistic_regression}: binary (sigmoid) or multinomial (softmax) logistic regression, fitted from zero
 * weights, so it is deterministic. It minimises the summed log loss plus {@code (l2 / 2) · ‖W‖² + l1 · ‖W‖₁}
 * (intercepts not penalised), which is scikit-learn's objective with {@code C = 1 / l2} (penalty {@code l2}) or
 * {@code C = 1 / l1} (penalty {@code l1}, as its saga solver; {@code elasticnet} when both are set). Without L1 it is
 * solved by L-BFGS; with L1, whose non-smooth penalty sets coefficients exactly to zero, by accelerated proximal
 * gradient descent (FISTA), allowed {@value #L1_ITERATION_FACTOR} times {@code max_iterations} cheaper iterations.
 *
 * <p>Parameters:
 * <ul>
 *   <li>{@code l2} (≥ 0, default 1): regularisation strength, {@code 1 / C} in scikit-learn terms; the default
 *       matches scikit-learn's {@code C = 1}. 0 gives the unregularised maximum-likelihood fit, which does not exist
 *       for separable data (the iteration limit then stops it).
 *   <li>{@code l1} (≥ 0, default 0): L1 (lasso) strength, {@code 1 / C} of scikit-learn's {@code penalty='l1'}.
 *   <li>{@code max_iterations} (1 to 100,000, default 100): L-BFGS iteration limit.
 *   <li>{@code tolerance} (> 0, default 1e-4, scikit-learn's {@code tol}): stop once no component of the gradient
 *       (with L1: the gradient mapping) of the objective divided by the row count exceeds it.
 * </ul>
 */
public final class LogisticRegression implements Algorithm {
    public static final String NAME = "logistic_regression";

    /** With L1, proximal gradient descent may take this many times {@code max_iterations} iterations. */
    static final int L1_ITERATION_FACTOR = 10;

    private static final double DEFAULT_L2 = 1;
    private static final int DEFAULT_MAX_ITERATIONS = 100;
    private static final int MOST_ITERATIONS = 100_000;
    private static final double DEFAULT_TOLERANCE = 1e-4;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Task> tasks() {
        return Set.of(Task.CLASSIFICATION);
    }

    @Override
    public Map<String, String> resolveParameters(Map<String, String> parameters) {
        ParameterReader reader = new ParameterReader(NAME, parameters);
        Settings.read(reader);
        return reader.finish();
    }

    @Override
    public FittedModel fit(TrainingData data, Map<String, String> parameters, TrainingContext context) {
        if (data.task() != Task.CLASSIFICATION) {
            throw MarqueeException.invalid("%s predicts classes; the data is for %s", NAME, data.task());
        }
        ParameterReader reader = new ParameterReader(NAME, parameters);
        Settings settings = Settings.read(reader);
        reader.finish();
        context.checkCancelled();

        LogisticObjective objective = new LogisticObjective(data, settings.l2());
        int maxIterations =
                settings.l1() > 0 ? settings.maxIterations() * L1_ITERATION_FACTOR : settings.maxIterations();
        Lbfgs.IterationListener listener = (iteration, loss) -> {
            context.checkCancelled();
            context.progress().curve(iteration, Map.of("loss", loss));
            context.progress().progress(
                    (double) iteration / maxIterations,
                    "iteration %d/%d loss %.6f".formatted(iteration, maxIterations, loss));
        };
        double[] start = new double[objective.dimension()];
        // The objective is divided by the row count, so the L1 weight is too; intercepts are not penalised.
        Lbfgs.Result result = settings.l1() > 0
                ? ProximalGradient.minimise(
                        objective,
                        settings.l1() / data.rowCount(),
                        objective::isCoefficient,
                        start,
                        maxIterations,
                        settings.tolerance(),
                        listener)
                : Lbfgs.minimise(objective, start, maxIterations, settings.tolerance(), listener);
        context.progress().progress(1, "%s after %d iterations, loss %.6f".formatted(
                result.converged() ? "converged" : "stopped at max_iterations", result.iterations(), result.value()));
        return objective.model(result.solution());
    }

    @Override
    public Class<LogisticRegressionModel> modelType() {
        return LogisticRegressionModel.class;
    }

    private record Settings(double l2, double l1, int maxIterations, double tolerance) {
        static Settings read(ParameterReader reader) {
            return new Settings(
                    reader.real("l2", DEFAULT_L2, value -> value >= 0, "be >= 0"),
                    reader.real("l1", 0, value -> value >= 0, "be >= 0"),
                    reader.integer(
                            "max_iterations",
                            DEFAULT_MAX_ITERATIONS,
                            value -> value >= 1 && value <= MOST_ITERATIONS,
                            "be between 1 and " + MOST_ITERATIONS),
                    reader.real("tolerance", DEFAULT_TOLERANCE, value -> value > 0, "be > 0"));
        }
    }
}
