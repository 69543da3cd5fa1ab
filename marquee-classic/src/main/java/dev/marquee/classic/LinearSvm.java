package dev.marquee.classic;

import dev.marquee.core.Algorithm;
import dev.marquee.core.FittedModel;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.ParameterReader;
import dev.marquee.core.Task;
import dev.marquee.core.TrainingContext;
import dev.marquee.core.TrainingData;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * {@code linear_svm}: an L2-regularised linear support vector machine fitted by dual coordinate descent, as
 * liblinear (and so scikit-learn's {@code LinearSVC} and {@code LinearSVR} with their defaults). It minimises {@code
 * ½‖w‖² + c Σ loss}, where w includes the intercept as the weight of a constant feature 1 (liblinear's bias,
 * scikit-learn's {@code intercept_scaling = 1}); see {@link LinearSvmCoordinateDescent}.
 *
 * <p>Classification with two classes fits one machine, positive for class 1; with k ≥ 3 classes one machine per
 * class against the rest, and the class with the highest decision value wins. Probabilities are a softmax of the
 * decision values with one slope fitted to the training rows (Platt scaling without offset, see {@link
 * PlattScaling#fitSoftmaxSlope}), so they never change which class wins. Regression fits one machine with the
 * epsilon-insensitive loss. Coordinates are visited in an order shuffled with the context's seed, so a seed replays
 * exactly.
 *
 * <p>Parameters:
 * <ul>
 *   <li>{@code c} (> 0, default 1): the cost of a margin violation; smaller regularises more.
 *   <li>{@code loss} (default {@code auto}): {@code squared_hinge} or {@code hinge} for classification, {@code
 *       epsilon_insensitive} or {@code squared_epsilon_insensitive} for regression; {@code auto} is the first of
 *       each, scikit-learn's defaults.
 *   <li>{@code epsilon} (≥ 0, default 0): regression only, the half-width of the tube in which errors cost nothing,
 *       in units of the target.
 *   <li>{@code tolerance} (> 0, default 1e-4): classification stops once the projected gradients of the dual span at
 *       most this; regression once their summed violation is this fraction of the first iteration's.
 *   <li>{@code max_iterations} (1 to 100,000, default 1000): outer iterations (passes over the rows) per machine.
 * </ul>
 */
public final class LinearSvm implements Algorithm {
    public static final String NAME = "linear_svm";

    private static final String AUTO = "auto";
    private static final String SQUARED_HINGE = "squared_hinge";
    private static final String HINGE = "hinge";
    private static final String EPSILON_INSENSITIVE = "epsilon_insensitive";
    private static final String SQUARED_EPSILON_INSENSITIVE = "squared_epsilon_insensitive";
    private static final int MOST_ITERATIONS = 100_000;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Task> tasks() {
        return Set.of(Task.CLASSIFICATION, Task.REGRESSION);
    }

    @Override
    public Map<String, String> resolveParameters(Map<String, String> parameters) {
        return ParameterReader.resolve(NAME, parameters, Settings::read);
    }

    @Override
    public FittedModel fit(TrainingData data, Map<String, String> parameters, TrainingContext context) {
        Settings settings = ParameterReader.read(NAME, parameters, Settings::read);
        String loss = settings.loss(data.task());
        context.checkCancelled();
        Random random = new Random(context.seed());
        return switch (data.task()) {
            case CLASSIFICATION -> classify(data, settings, loss.equals(SQUARED_HINGE), random, context);
            case REGRESSION -> regress(data, settings, loss.equals(SQUARED_EPSILON_INSENSITIVE), random, context);
        };
    }

    @Override
    public Class<LinearSvmModel> modelType() {
        return LinearSvmModel.class;
    }

    private static LinearSvmModel classify(
            TrainingData data, Settings settings, boolean squaredHinge, Random random, TrainingContext context) {
        int machines = data.classCount() == 2 ? 1 : data.classCount();
        int positiveClass = data.classCount() == 2 ? 1 : 0;
        double[][] coefficients = new double[machines][];
        double[] intercepts = new double[machines];
        double[] signs = new double[data.rowCount()];
        for (int machine = 0; machine < machines; machine++, positiveClass++) {
            for (int row = 0; row < signs.length; row++) {
                signs[row] = data.targets()[row] == positiveClass ? 1 : -1;
            }
            LinearSvmCoordinateDescent.Solution solution = LinearSvmCoordinateDescent.classify(
                    data.features(),
                    signs,
                    settings.c(),
                    squaredHinge,
                    settings.tolerance(),
                    settings.maxIterations(),
                    random,
                    context);
            coefficients[machine] = solution.coefficients();
            intercepts[machine] = solution.intercept();
            report(context, machine, machines, "class %s against the rest".formatted(positiveClass), solution);
        }
        LinearSvmModel uncalibrated = new LinearSvmModel(Task.CLASSIFICATION, coefficients, intercepts, 1);
        double[][] scores = new double[data.rowCount()][];
        int[] labels = new int[data.rowCount()];
        for (int row = 0; row < scores.length; row++) {
            double[] features = data.features()[row];
            scores[row] = machines == 1
                    ? new double[] {0, uncalibrated.decisionValue(0, features)}
                    : decisionValues(uncalibrated, features);
            labels[row] = (int) data.targets()[row];
        }
        double slope = PlattScaling.fitSoftmaxSlope(scores, labels);
        context.progress().progress(1, "fitted the probability slope %.6g".formatted(slope));
        return new LinearSvmModel(Task.CLASSIFICATION, coefficients, intercepts, slope);
    }

    private static double[] decisionValues(LinearSvmModel model, double[] features) {
        double[] values = new double[model.coefficients().length];
        for (int label = 0; label < values.length; label++) {
            values[label] = model.decisionValue(label, features);
        }
        return values;
    }

    private static LinearSvmModel regress(
            TrainingData data, Settings settings, boolean squared, Random random, TrainingContext context) {
        LinearSvmCoordinateDescent.Solution solution = LinearSvmCoordinateDescent.regress(
                data.features(),
                data.targets(),
                settings.c(),
                settings.epsilon(),
                squared,
                settings.tolerance(),
                settings.maxIterations(),
                random,
                context);
        report(context, 0, 1, "regression", solution);
        return new LinearSvmModel(
                Task.REGRESSION, new double[][] {solution.coefficients()}, new double[] {solution.intercept()}, 0);
    }

    private static void report(
            TrainingContext context,
            int machine,
            int machines,
            String problem,
            LinearSvmCoordinateDescent.Solution solution) {
        context.progress().progress(
                (machine + 1.0) / (machines + 1.0),
                "%s: %s after %d iterations".formatted(
                        problem,
                        solution.converged() ? "converged" : "stopped at max_iterations",
                        solution.iterations()));
    }

    private record Settings(double c, String loss, double epsilon, double tolerance, int maxIterations) {
        static Settings read(ParameterReader reader) {
            return new Settings(
                    reader.real("c", 1, value -> value > 0, "be > 0"),
                    reader.choice(
                            "loss",
                            AUTO,
                            List.of(AUTO, SQUARED_HINGE, HINGE, EPSILON_INSENSITIVE, SQUARED_EPSILON_INSENSITIVE)),
                    reader.real("epsilon", 0, value -> value >= 0, "be >= 0"),
                    reader.real("tolerance", 1e-4, value -> value > 0, "be > 0"),
                    reader.integer(
                            "max_iterations",
                            1000,
                            value -> value >= 1 && value <= MOST_ITERATIONS,
                            "be between 1 and " + MOST_ITERATIONS));
        }

        /** The loss for the task, rejecting one meant for the other task. */
        String loss(Task task) {
            List<String> allowed = switch (task) {
                case CLASSIFICATION -> List.of(SQUARED_HINGE, HINGE);
                case REGRESSION -> List.of(EPSILON_INSENSITIVE, SQUARED_EPSILON_INSENSITIVE);
            };
            if (loss.equals(AUTO)) {
                return allowed.getFirst();
            }
            if (!allowed.contains(loss)) {
                throw MarqueeException.invalid(
                        "parameter 'loss' of %s must be one of %s for %s, was '%s'", NAME, allowed, task, loss);
            }
            return loss;
        }
    }
}
