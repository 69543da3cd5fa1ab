package dev.marquee.classic;

import dev.marquee.core.Algorithm;
import dev.marquee.core.CellValues;
import dev.marquee.core.FittedModel;
import dev.marquee.core.ParameterReader;
import dev.marquee.core.Task;
import dev.marquee.core.TrainingContext;
import dev.marquee.core.TrainingData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * {@code kernel_svm}: a support vector machine with a kernel, fitted by libsvm's SMO algorithm (our own {@link
 * SmoSolver}, a port of its {@code Solver} without shrinking), so it reproduces scikit-learn's {@code SVC} and {@code
 * SVR} up to the solver tolerance. It is deterministic: SMO involves no randomness.
 *
 * <p>Classification is C-SVC, one machine per pair of classes, with prediction by majority vote; class probabilities
 * come from a Platt sigmoid per pair and Wu-Lin-Weng pairwise coupling, adjusted so the voted class is the most
 * probable (see {@link KernelSvmModel}). Unlike libsvm, which fits the sigmoids on decision values from an internal
 * five-fold cross-validation, the sigmoids are fitted on the training rows' own decision values: no extra fits, but
 * probabilities that are more confident than cross-validated ones. Regression is epsilon-SVR.
 *
 * <p>Cost: about O(n²·d) time per machine and kernel rows cached in at most {@code cache_megabytes}; meant for up to
 * some ten thousand rows.
 *
 * <p>Parameters:
 * <ul>
 *   <li>{@code c} (> 0, default 1): the cost of a margin violation; smaller regularises more.
 *   <li>{@code kernel} ({@code rbf}, {@code poly} or {@code linear}; default {@code rbf}).
 *   <li>{@code gamma} ({@code scale} or a number > 0; default {@code scale}): the scale of the rbf and poly kernels;
 *       {@code scale} is scikit-learn's {@code 1 / (features · variance of all feature values)}, 1 when that
 *       variance is 0.
 *   <li>{@code degree} (1 to 20, default 3) and {@code coef0} (default 0): the poly kernel {@code (gamma · a·b +
 *       coef0)^degree}.
 *   <li>{@code epsilon} (≥ 0, default 0.1): regression only, the half-width of the tube in which errors cost
 *       nothing, in units of the target.
 *   <li>{@code tolerance} (> 0, default 1e-3): SMO stops once the maximal violation of the optimality conditions is
 *       below it.
 *   <li>{@code cache_megabytes} (1 to 65,536, default 200): memory for cached kernel rows, as scikit-learn's {@code
 *       cache_size}.
 * </ul>
 */
public final class KernelSvm implements Algorithm {
    public static final String NAME = "kernel_svm";

    private static final String SCALE = "scale";
    private static final int MOST_DEGREE = 20;
    private static final int MOST_CACHE_MEGABYTES = 65_536;
    /** The Platt sigmoid of a pair in which one class has no training rows: that class always loses. */
    private static final PlattScaling.Sigmoid CERTAIN = new PlattScaling.Sigmoid(-20, 0);

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
        context.checkCancelled();
        SvmKernel kernel = new SvmKernel(
                SvmKernel.Type.valueOf(settings.kernel().toUpperCase(Locale.ROOT)),
                settings.gamma().orElseGet(() -> scaleGamma(data.features())),
                settings.degree(),
                settings.coef0());
        return switch (data.task()) {
            case CLASSIFICATION -> classify(data, kernel, settings, context);
            case REGRESSION -> regress(data, kernel, settings, context);
        };
    }

    @Override
    public Class<KernelSvmModel> modelType() {
        return KernelSvmModel.class;
    }

    /** scikit-learn's {@code gamma = "scale"}. */
    static double scaleGamma(double[][] features) {
        int columns = features[0].length;
        double count = (double) features.length * columns;
        double sum = 0;
        for (double[] row : features) {
            for (double value : row) {
                sum += value;
            }
        }
        double mean = sum / count;
        double squares = 0;
        for (double[] row : features) {
            for (double value : row) {
                squares += (value - mean) * (value - mean);
            }
        }
        double variance = squares / count;
        return columns > 0 && variance > 0 ? 1 / (columns * variance) : 1;
    }

    private static KernelSvmModel classify(
            TrainingData data, SvmKernel kernel, Settings settings, TrainingContext context) {
        int classes = data.classCount();
        List<List<Integer>> members = new ArrayList<>();
        for (int label = 0; label < classes; label++) {
            members.add(new ArrayList<>());
        }
        for (int row = 0; row < data.rowCount(); row++) {
            members.get((int) data.targets()[row]).add(row);
        }
        int pairs = classes * (classes - 1) / 2;
        // Per pair: the coefficient α·y of each of its rows, in the pair's row order (class i's rows, then j's).
        double[][] pairCoefficients = new double[pairs][];
        double[] intercepts = new double[pairs];
        double[] probabilityA = new double[pairs];
        double[] probabilityB = new double[pairs];
        boolean[] supports = new boolean[data.rowCount()];
        int pair = 0;
        for (int first = 0; first < classes; first++) {
            for (int second = first + 1; second < classes; second++, pair++) {
                List<Integer> rows = new ArrayList<>(members.get(first));
                rows.addAll(members.get(second));
                if (members.get(first).isEmpty() || members.get(second).isEmpty()) {
                    pairCoefficients[pair] = new double[rows.size()];
                    intercepts[pair] = members.get(first).isEmpty() ? -1 : 1;
                    probabilityA[pair] = CERTAIN.a();
                    probabilityB[pair] = CERTAIN.b();
                    continue;
                }
                int firstCount = members.get(first).size();
                double[][] features = new double[rows.size()][];
                int[] dataRows = new int[rows.size()];
                double[] signs = new double[rows.size()];
                double[] linear = new double[rows.size()];
                for (int position = 0; position < rows.size(); position++) {
                    features[position] = data.features()[rows.get(position)];
                    dataRows[position] = position;
                    signs[position] = position < firstCount ? 1 : -1;
                    linear[position] = -1;
                }
                double fraction = (double) pair / (pairs + 1);
                String problem = "classes %d and %d".formatted(first, second);
                SmoSolver.Solution solution = SmoSolver.solve(
                        new SmoKernelRows(features, kernel, settings.cacheBytes()),
                        dataRows,
                        signs,
                        linear,
                        settings.c(),
                        settings.tolerance(),
                        context,
                        (iterations, violation) -> report(context, fraction, problem, iterations, violation));
                double[] coefficients = new double[rows.size()];
                double[] decisions = new double[rows.size()];
                boolean[] positive = new boolean[rows.size()];
                for (int position = 0; position < rows.size(); position++) {
                    coefficients[position] = solution.alphas()[position] * signs[position];
                    supports[rows.get(position)] |= coefficients[position] != 0;
                    // The gradient is yₜ Σ αₛ yₛ K(xₛ, xₜ) - 1.
                    decisions[position] = signs[position] * (solution.gradient()[position] + 1) - solution.rho();
                    positive[position] = signs[position] > 0;
                }
                PlattScaling.Sigmoid sigmoid = PlattScaling.fitSigmoid(decisions, positive);
                pairCoefficients[pair] = coefficients;
                intercepts[pair] = -solution.rho();
                probabilityA[pair] = sigmoid.a();
                probabilityB[pair] = sigmoid.b();
                context.progress().progress(
                        (pair + 1.0) / (pairs + 1.0),
                        "%s: %s after %d iterations".formatted(problem, converged(solution), solution.iterations()));
            }
        }
        // Support vectors grouped by class; position[row] is a row's index among them.
        int[] supportCounts = new int[classes];
        int[] position = new int[data.rowCount()];
        List<double[]> vectors = new ArrayList<>();
        for (int label = 0; label < classes; label++) {
            for (int row : members.get(label)) {
                if (supports[row]) {
                    position[row] = vectors.size();
                    vectors.add(data.features()[row]);
                    supportCounts[label]++;
                }
            }
        }
        double[][] dualCoefficients = new double[classes - 1][vectors.size()];
        pair = 0;
        for (int first = 0; first < classes; first++) {
            for (int second = first + 1; second < classes; second++, pair++) {
                int index = 0;
                for (int row : members.get(first)) {
                    if (supports[row]) {
                        dualCoefficients[second - 1][position[row]] = pairCoefficients[pair][index];
                    }
                    index++;
                }
                for (int row : members.get(second)) {
                    if (supports[row]) {
                        dualCoefficients[first][position[row]] = pairCoefficients[pair][index];
                    }
                    index++;
                }
            }
        }
        context.progress().progress(1, "%d support vectors".formatted(vectors.size()));
        return new KernelSvmModel(
                Task.CLASSIFICATION,
                kernel,
                data.featureCount(),
                vectors.toArray(double[][]::new),
                supportCounts,
                dualCoefficients,
                intercepts,
                probabilityA,
                probabilityB);
    }

    private static KernelSvmModel regress(
            TrainingData data, SvmKernel kernel, Settings settings, TrainingContext context) {
        int rows = data.rowCount();
        int[] dataRows = new int[2 * rows];
        double[] signs = new double[2 * rows];
        double[] linear = new double[2 * rows];
        for (int row = 0; row < rows; row++) {
            dataRows[row] = row;
            dataRows[row + rows] = row;
            signs[row] = 1;
            signs[row + rows] = -1;
            linear[row] = settings.epsilon() - data.targets()[row];
            linear[row + rows] = settings.epsilon() + data.targets()[row];
        }
        SmoSolver.Solution solution = SmoSolver.solve(
                new SmoKernelRows(data.features(), kernel, settings.cacheBytes()),
                dataRows,
                signs,
                linear,
                settings.c(),
                settings.tolerance(),
                context,
                (iterations, violation) -> report(context, 0, "regression", iterations, violation));
        List<double[]> vectors = new ArrayList<>();
        double[] coefficients = new double[rows];
        int count = 0;
        for (int row = 0; row < rows; row++) {
            double coefficient = solution.alphas()[row] - solution.alphas()[row + rows];
            if (coefficient != 0) {
                vectors.add(data.features()[row]);
                coefficients[count++] = coefficient;
            }
        }
        context.progress().progress(1, "%s after %d iterations, %d support vectors".formatted(
                converged(solution), solution.iterations(), count));
        return new KernelSvmModel(
                Task.REGRESSION,
                kernel,
                data.featureCount(),
                vectors.toArray(double[][]::new),
                new int[] {count},
                new double[][] {Arrays.copyOf(coefficients, count)},
                new double[] {-solution.rho()},
                new double[0],
                new double[0]);
    }

    private static void report(
            TrainingContext context, double fraction, String problem, long iterations, double violation) {
        context.progress().progress(
                fraction, "%s: iteration %d, violation %.3g".formatted(problem, iterations, violation));
    }

    private static String converged(SmoSolver.Solution solution) {
        return solution.converged() ? "converged" : "stopped at the iteration limit";
    }

    /** @param gamma empty for {@code scale} */
    private record Settings(
            double c,
            String kernel,
            OptionalDouble gamma,
            int degree,
            double coef0,
            double epsilon,
            double tolerance,
            int cacheMegabytes) {
        static Settings read(ParameterReader reader) {
            return new Settings(
                    reader.real("c", 1, value -> value > 0, "be > 0"),
                    reader.choice("kernel", "rbf", List.of("rbf", "poly", "linear")),
                    reader.parsed(
                            "gamma",
                            OptionalDouble.empty(),
                            Settings::gamma,
                            gamma -> gamma.isPresent() ? Double.toString(gamma.getAsDouble()) : SCALE,
                            "be '" + SCALE + "' or a finite number > 0"),
                    reader.integer(
                            "degree",
                            3,
                            value -> value >= 1 && value <= MOST_DEGREE,
                            "be between 1 and " + MOST_DEGREE),
                    reader.real("coef0", 0, value -> true, "be finite"),
                    reader.real("epsilon", 0.1, value -> value >= 0, "be >= 0"),
                    reader.real("tolerance", 1e-3, value -> value > 0, "be > 0"),
                    reader.integer(
                            "cache_megabytes",
                            200,
                            value -> value >= 1 && value <= MOST_CACHE_MEGABYTES,
                            "be between 1 and " + MOST_CACHE_MEGABYTES));
        }

        /** {@code scale} as empty, or a number > 0. */
        private static Optional<OptionalDouble> gamma(String text) {
            if (text.equalsIgnoreCase(SCALE)) {
                return Optional.of(OptionalDouble.empty());
            }
            OptionalDouble value = CellValues.number(text);
            return value.isPresent() && value.getAsDouble() > 0 ? Optional.of(value) : Optional.empty();
        }

        long cacheBytes() {
            return cacheMegabytes * 1024L * 1024L;
        }
    }
}
