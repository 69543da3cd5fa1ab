package dev.marquee.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.marquee.core.Algorithms;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.ProgressListener;
import dev.marquee.core.Task;
import dev.marquee.core.TrainingContext;
import dev.marquee.core.TrainingData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class ElasticNetTest {
    /*
     * The reference values below come from scikit-learn 1.2.1 on this inline dataset:
     *
     *   import numpy as np
     *   from sklearn.linear_model import ElasticNet, Lasso
     *   rng = np.random.default_rng(7)
     *   X = np.round(rng.normal(size=(12, 4)) * 2, 1)
     *   X[:, 3] = np.round(X[:, 0] * 0.5 + rng.normal(size=12), 1)
     *   y = np.round(X @ [1.5, -2.0, 0.0, 0.7] + 3 + rng.normal(size=12) * 0.5, 1)
     *   for m in [ElasticNet(alpha=0.5, l1_ratio=0.7), Lasso(alpha=0.3), ElasticNet()]:
     *       m.fit(X, y); print(repr(m.coef_), repr(m.intercept_), m.n_iter_)
     */
    private static final double[][] SMALL_FEATURES = {
        {0.0, 0.6, -0.5, -0.6},
        {-0.9, -2.0, 0.1, 1.6},
        {-1.0, -1.2, 1.0, 0.3},
        {0.2, -1.9, -0.1, -1.1},
        {-2.7, -0.9, -3.8, -1.3},
        {-3.7, -0.5, -2.5, -1.3},
        {0.3, -0.4, -5.0, 0.0},
        {-0.1, 0.2, -3.1, 0.6},
        {-2.0, -1.6, 2.1, -1.1},
        {-0.1, 1.8, -1.2, 0.6},
        {0.2, 0.1, -2.5, 1.5},
        {2.7, -3.1, 1.7, 0.7}
    };
    private static final double[] SMALL_TARGETS = {1.5, 6.5, 4.2, 5.7, -0.4, -2.6, 4.7, 3.4, 1.8, -0.7, 4.5, 12.7};

    private final ElasticNet algorithm = new ElasticNet();

    @Test
    void matchesScikitLearnElasticNetAndLasso() {
        TrainingData data = new TrainingData(Task.REGRESSION, SMALL_FEATURES, SMALL_TARGETS, List.of());

        assertMatches(
                data,
                Map.of("alpha", "0.5", "l1_ratio", "0.7"),
                new double[] {1.39578499, -1.44524665, 0.0, 0.44753513},
                3.199344313717536,
                8);
        assertMatches(
                data,
                Map.of("alpha", "0.3", "l1_ratio", "1"),
                new double[] {1.45237246, -1.60174451, 0.0, 0.52425776},
                3.1173953380015518,
                9);
        assertMatches(
                data, Map.of(), new double[] {1.24273011, -1.11735719, 0.05742871, 0.31462242}, 3.4169069365302893, 7);
    }

    @Test
    void lassoRecoversSparseRelationWithIrrelevantCoefficientsExactlyZero() {
        TrainingData data = sparse(400, 21);

        LinearRegressionModel model = fit(data, Map.of("alpha", "0.1", "l1_ratio", "1"));

        // Standard normal features: the lasso shrinks each relevant least-squares coefficient by about alpha.
        assertThat(model.coefficients()[0]).isCloseTo(3 - 0.1, within(0.05));
        assertThat(model.coefficients()[1]).isCloseTo(-2 + 0.1, within(0.05));
        for (int feature = 2; feature < model.coefficients().length; feature++) {
            assertThat(model.coefficients()[feature]).as("coefficient %d", feature).isEqualTo(0.0);
        }
        assertThat(model.intercept()).isCloseTo(5, within(0.05));
    }

    @Test
    void zeroAlphaEqualsOrdinaryLeastSquares() {
        TrainingData data = correlated(300, 22);

        LinearRegressionModel elasticNet = fit(data, Map.of("alpha", "0"));
        LinearRegressionModel leastSquares =
                (LinearRegressionModel) new LinearRegression().fit(data, Map.of(), Fixtures.QUIET);

        assertThat(elasticNet.coefficients()).containsExactly(leastSquares.coefficients(), within(1e-6));
        assertThat(elasticNet.intercept()).isCloseTo(leastSquares.intercept(), within(1e-6));
    }

    @Test
    void zeroL1RatioIsRidgeWithPenaltyScaledByRowCount() {
        TrainingData data = correlated(300, 23);

        LinearRegressionModel elasticNet = fit(data, Map.of("alpha", "0.5", "l1_ratio", "0"));
        // (1 / 2n) RSS + (alpha / 2) ‖w‖² is, times 2n, linear_regression's RSS + l2 ‖w‖² with l2 = n · alpha.
        LinearRegressionModel ridge =
                (LinearRegressionModel) new LinearRegression().fit(data, Map.of("l2", "150"), Fixtures.QUIET);

        assertThat(elasticNet.coefficients()).containsExactly(ridge.coefficients(), within(1e-6));
        assertThat(elasticNet.intercept()).isCloseTo(ridge.intercept(), within(1e-6));
    }

    @Test
    void largerAlphaShrinksMore() {
        TrainingData data = sparse(300, 24);
        double previousNorm = Double.POSITIVE_INFINITY;
        int previousNonZero = Integer.MAX_VALUE;

        for (String alpha : List.of("0.01", "0.1", "0.5", "1", "2")) {
            LinearRegressionModel model = fit(data, Map.of("alpha", alpha));
            double norm = 0;
            int nonZero = 0;
            for (double coefficient : model.coefficients()) {
                norm += Math.abs(coefficient);
                nonZero += coefficient != 0 ? 1 : 0;
            }
            assertThat(norm).as("‖w‖₁ at alpha %s", alpha).isLessThan(previousNorm);
            assertThat(nonZero).as("non-zero coefficients at alpha %s", alpha).isLessThanOrEqualTo(previousNonZero);
            previousNorm = norm;
            previousNonZero = nonZero;
        }
        LinearRegressionModel everythingPenalised = fit(data, Map.of("alpha", "100"));
        assertThat(everythingPenalised.coefficients()).containsOnly(0.0);
        assertThat(everythingPenalised.intercept()).isCloseTo(mean(data.targets()), within(1e-12));
    }

    @Test
    void constantTargetStopsAfterOnePassWithZeroCoefficients() {
        TrainingData data = sparse(50, 25);
        double[] constant = new double[data.rowCount()];
        Arrays.fill(constant, 7);
        List<Integer> steps = new ArrayList<>();
        TrainingContext context = new TrainingContext(1, curveSteps(steps), () -> false);

        LinearRegressionModel model = (LinearRegressionModel) algorithm.fit(
                new TrainingData(Task.REGRESSION, data.features(), constant, List.of()), Map.of(), context);

        assertThat(model.coefficients()).containsOnly(0.0);
        assertThat(model.intercept()).isEqualTo(7);
        assertThat(steps).containsExactly(1);
    }

    @Test
    void reportsDecreasingLossCurveAndProgressEndingAtOne() {
        List<Integer> steps = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        List<Double> fractions = new ArrayList<>();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void progress(double fraction, String message) {
                fractions.add(fraction);
            }

            @Override
            public void curve(int step, Map<String, Double> values) {
                steps.add(step);
                losses.add(values.get("loss"));
            }
        };

        algorithm.fit(correlated(200, 26), Map.of("tolerance", "1e-8"), new TrainingContext(1, listener, () -> false));

        assertThat(steps).hasSizeGreaterThan(2);
        for (int index = 0; index < steps.size(); index++) {
            assertThat(steps.get(index)).isEqualTo(index + 1);
        }
        // Each coordinate step minimises exactly, so the objective never increases.
        for (int index = 1; index < losses.size(); index++) {
            assertThat(losses.get(index)).isLessThanOrEqualTo(losses.get(index - 1) + 1e-12);
        }
        assertThat(fractions).isSorted().last().isEqualTo(1.0);
    }

    @Test
    void rejectsUnknownOrOutOfRangeParameters() {
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("l2", "1")))
                .isInstanceOf(MarqueeException.class)
                .hasMessage("unknown parameter 'l2' for elastic_net; known parameters are "
                        + "[alpha, l1_ratio, max_iterations, tolerance]");
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("alpha", "-1")))
                .hasMessage("parameter 'alpha' of elastic_net must be >= 0, was -1.0");
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("l1_ratio", "1.5")))
                .hasMessage("parameter 'l1_ratio' of elastic_net must be between 0 and 1, was 1.5");
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("max_iterations", "0")))
                .hasMessage("parameter 'max_iterations' of elastic_net must be between 1 and 100000, was 0");
        assertThatThrownBy(() -> fit(sparse(20, 1), Map.of("tolerance", "0")))
                .hasMessage("parameter 'tolerance' of elastic_net must be > 0, was 0.0");
        assertThat(algorithm.resolveParameters(Map.of())).isEqualTo(Map.of(
                "alpha", "1.0", "l1_ratio", "0.5", "max_iterations", "1000", "tolerance", "1.0E-4"));
    }

    @Test
    void rejectsClassificationData() {
        TrainingData classes = new TrainingData(
                Task.CLASSIFICATION, new double[][] {{0}, {1}}, new double[] {0, 1}, List.of("no", "yes"));

        assertThatThrownBy(() -> algorithm.fit(classes, Map.of(), Fixtures.QUIET))
                .isInstanceOf(MarqueeException.class)
                .hasMessage("elastic_net predicts numbers; the data is for CLASSIFICATION");
    }

    @Test
    void stopsWhenCancelled() {
        TrainingContext cancelled = new TrainingContext(1, ProgressListener.NONE, () -> true);

        assertThatThrownBy(() -> algorithm.fit(sparse(20, 1), Map.of(), cancelled))
                .isInstanceOf(CancellationException.class);
    }

    @Test
    void isInstalledAndReadsBackAsLinearRegressionModel() {
        assertThat(Algorithms.installed().find(ElasticNet.NAME)).containsInstanceOf(ElasticNet.class);
        assertThat(algorithm.tasks()).containsExactly(Task.REGRESSION);
        assertThat(algorithm.modelType()).isEqualTo(LinearRegressionModel.class);
    }

    private void assertMatches(
            TrainingData data,
            Map<String, String> parameters,
            double[] coefficients,
            double intercept,
            int iterations) {
        List<Integer> steps = new ArrayList<>();
        LinearRegressionModel model = (LinearRegressionModel)
                algorithm.fit(data, parameters, new TrainingContext(1, curveSteps(steps), () -> false));

        assertThat(model.coefficients()).as("coefficients for %s", parameters)
                .containsExactly(coefficients, within(1e-4));
        assertThat(model.intercept()).as("intercept for %s", parameters).isCloseTo(intercept, within(1e-4));
        // The same passes and stopping rule as scikit-learn stop after the same number of passes (its n_iter_).
        assertThat(steps).as("passes for %s", parameters).hasSize(iterations);
    }

    private static ProgressListener curveSteps(List<Integer> steps) {
        return new ProgressListener() {
            @Override
            public void progress(double fraction, String message) {}

            @Override
            public void curve(int step, Map<String, Double> values) {
                steps.add(step);
            }
        };
    }

    private LinearRegressionModel fit(TrainingData data, Map<String, String> parameters) {
        return (LinearRegressionModel) algorithm.fit(data, parameters, Fixtures.QUIET);
    }

    /** y = 3·x1 - 2·x2 + 5 + N(0, 0.1²) with six standard normal features, of which only x1 and x2 matter. */
    private static TrainingData sparse(int rows, long seed) {
        Random random = new Random(seed);
        double[][] features = new double[rows][6];
        double[] targets = new double[rows];
        for (int row = 0; row < rows; row++) {
            for (int feature = 0; feature < 6; feature++) {
                features[row][feature] = random.nextGaussian();
            }
            targets[row] = 3 * features[row][0] - 2 * features[row][1] + 5 + 0.1 * random.nextGaussian();
        }
        return new TrainingData(Task.REGRESSION, features, targets, List.of());
    }

    /** Three features, the second correlated with the first, on different scales and offsets; y linear plus noise. */
    private static TrainingData correlated(int rows, long seed) {
        Random random = new Random(seed);
        double[][] features = new double[rows][];
        double[] targets = new double[rows];
        for (int row = 0; row < rows; row++) {
            double x1 = random.nextGaussian();
            double x2 = 0.6 * x1 + 0.8 * random.nextGaussian();
            double x3 = 3 + 2 * random.nextGaussian();
            features[row] = new double[] {x1, x2, x3};
            targets[row] = 2 * x1 - x2 + 0.5 * x3 + 1 + 0.3 * random.nextGaussian();
        }
        return new TrainingData(Task.REGRESSION, features, targets, List.of());
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }
}
