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
 * {@code logistic_regression}: binary (sigmoid) or multinomial (softmax) logistic regression, fitted by L-BFGS from
 * zero weights, so it is deterministic. It minimises the summed log loss plus {@code (l2 / 2) · ‖W‖²} (intercepts not
 * penalised), which is scikit-learn's objective with {@code C = 1 / l2}.
 *
 * <p>Parameters:
 * <ul>
 *   <li>{@code l2} (≥ 0, default 1): regularisation strength, {@code 1 / C} in scikit-learn terms; the default
 *       matches scikit-learn's {@code C = 1}. 0 gives the unregularised maximum-likelihood fit, which does not exist
 *       for separable data (the iteration limit then stops it).
 *   <li>{@code max_iterations} (1 to 100,000, default 100): L-BFGS iteration limit.
 *   <li>{@code tolerance} (> 0, default 1e-4, scikit-learn's {@code tol}): stop once no component of the gradient of the objective divided by
 *       the row count exceeds it.
 * </ul>
 */
public final class LogisticRegression implements Algorithm {
    public static final String NAME = "logistic_regression";

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
        Lbfgs.Result result = Lbfgs.minimise(
                objective,
                new double[objective.dimension()],
                settings.maxIterations(),
                settings.tolerance(),
                (iteration, loss) -> {
                    context.checkCancelled();
                    context.progress().curve(iteration, Map.of("loss", loss));
                    context.progress().progress(
                            (double) iteration / settings.maxIterations(),
                            "iteration %d/%d loss %.6f".formatted(iteration, settings.maxIterations(), loss));
                });
        context.progress().progress(1, "%s after %d iterations, loss %.6f".formatted(
                result.converged() ? "converged" : "stopped at max_iterations", result.iterations(), result.value()));
        return objective.model(result.solution());
    }

    @Override
    public Class<LogisticRegressionModel> modelType() {
        return LogisticRegressionModel.class;
    }

    private record Settings(double l2, int maxIterations, double tolerance) {
        static Settings read(ParameterReader reader) {
            return new Settings(
                    reader.real("l2", DEFAULT_L2, value -> value >= 0, "be >= 0"),
                    reader.integer(
                            "max_iterations",
                            DEFAULT_MAX_ITERATIONS,
                            value -> value >= 1 && value <= MOST_ITERATIONS,
                            "be between 1 and " + MOST_ITERATIONS),
                    reader.real("tolerance", DEFAULT_TOLERANCE, value -> value > 0, "be > 0"));
        }
    }
}
