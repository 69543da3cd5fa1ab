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
import java.util.Optional;

/**
 * {@code linear_regression}: ordinary least squares with optional L2 (ridge) regularisation, solved exactly. It
 * minimises {@code Σ (y - ŷ)² + l2 · ‖w‖²} (the intercept is not penalised; {@code l2} is scikit-learn's Ridge
 * {@code alpha}) by centring the data and solving the d×d normal equations by Cholesky decomposition; a tiny ridge
 * (1e-10 of the mean diagonal) keeps collinear features, such as a full one-hot encoding, solvable. Cost O(n·d²),
 * memory O(d²): meant for up to a few thousand features.
 *
 * <p>Parameters: {@code l2} (≥ 0, default 0: ordinary least squares).
 */
public final class LinearRegression implements Algorithm {
    public static final String NAME = "linear_regression";

    private static final int ROWS_PER_PROGRESS_STEP = 4096;
    private static final double STABILISING_RIDGE = 1e-10;
    private static final int RIDGE_ATTEMPTS = 6;
    private static final double RIDGE_GROWTH = 100;
    private static final double ACCUMULATION_SHARE = 0.9;

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
        l2(reader);
        return reader.finish();
    }

    @Override
    public FittedModel fit(TrainingData data, Map<String, String> parameters, TrainingContext context) {
        if (data.task() != Task.REGRESSION) {
            throw MarqueeException.invalid("%s predicts numbers; the data is for %s", NAME, data.task());
        }
        ParameterReader reader = new ParameterReader(NAME, parameters);
        double l2 = l2(reader);
        reader.finish();
        context.checkCancelled();

        int rows = data.rowCount();
        int features = data.featureCount();
        double[] featureMeans = columnMeans(data.features());
        double targetMean = mean(data.targets());
        double[][] gram = new double[features][features];
        double[] moments = new double[features];
        double[] centred = new double[features];
        for (int row = 0; row < rows; row++) {
            double[] values = data.features()[row];
            for (int feature = 0; feature < features; feature++) {
                centred[feature] = values[feature] - featureMeans[feature];
            }
            double target = data.targets()[row] - targetMean;
            for (int feature = 0; feature < features; feature++) {
                moments[feature] += centred[feature] * target;
                for (int other = 0; other <= feature; other++) {
                    gram[feature][other] += centred[feature] * centred[other];
                }
            }
            if ((row + 1) % ROWS_PER_PROGRESS_STEP == 0) {
                context.checkCancelled();
                context.progress().progress(
                        ACCUMULATION_SHARE * (row + 1) / rows, "accumulated %d/%d rows".formatted(row + 1, rows));
            }
        }
        double meanDiagonal = 0;
        for (int feature = 0; feature < features; feature++) {
            moments[feature] /= rows;
            for (int other = 0; other <= feature; other++) {
                gram[feature][other] /= rows;
            }
            gram[feature][feature] += l2 / rows;
            meanDiagonal += gram[feature][feature] / features;
        }
        context.checkCancelled();
        double[] coefficients = solve(gram, moments, STABILISING_RIDGE * (meanDiagonal > 0 ? meanDiagonal : 1));
        double intercept = targetMean - Vectors.dot(coefficients, featureMeans);
        context.progress().progress(1, "solved the normal equations for %d features".formatted(features));
        return new LinearRegressionModel(coefficients, intercept);
    }

    @Override
    public Class<LinearRegressionModel> modelType() {
        return LinearRegressionModel.class;
    }

    private static double l2(ParameterReader reader) {
        return reader.real("l2", 0, value -> value >= 0, "be >= 0");
    }

    /** Solves with a ridge on the diagonal, growing it while the system is not positive definite. */
    private static double[] solve(double[][] gram, double[] moments, double ridge) {
        for (int attempt = 0; attempt < RIDGE_ATTEMPTS; attempt++) {
            double[][] regularised = new double[gram.length][];
            for (int feature = 0; feature < gram.length; feature++) {
                regularised[feature] = gram[feature].clone();
                regularised[feature][feature] += ridge;
            }
            Optional<double[]> solution = Cholesky.solve(regularised, moments);
            if (solution.isPresent()) {
                return solution.get();
            }
            ridge *= RIDGE_GROWTH;
        }
        throw MarqueeException.invalid("%s: the features are degenerate; the normal equations cannot be solved", NAME);
    }

    private static double[] columnMeans(double[][] features) {
        double[] means = new double[features[0].length];
        for (double[] row : features) {
            Vectors.addScaled(means, 1.0 / features.length, row);
        }
        return means;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }
}
