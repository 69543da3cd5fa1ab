package dev.marquee.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.marquee.core.Column;
import dev.marquee.core.ColumnType;
import dev.marquee.core.FittedPipeline;
import dev.marquee.core.LoadedModel;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.Metrics;
import dev.marquee.core.ModelArtifacts;
import dev.marquee.core.Task;
import dev.marquee.core.TrainingContext;
import dev.marquee.core.TrainingData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class LinearRegressionTest {
    private final LinearRegression algorithm = new LinearRegression();

    @Test
    void recoversKnownCoefficients() {
        TrainingData training = plane(2_000, 11);
        TrainingData test = plane(500, 12);

        LinearRegressionModel model = fit(training, Map.of());

        assertThat(model.coefficients()[0]).isCloseTo(3, within(0.02));
        assertThat(model.coefficients()[1]).isCloseTo(-2, within(0.02));
        assertThat(model.intercept()).isCloseTo(5, within(0.02));
        Map<String, Double> metrics = Metrics.regression(test.targets(), Fixtures.predictAll(model, test.features()));
        assertThat(metrics.get("r2")).isGreaterThan(0.99);
        assertThat(metrics.get("rmse")).isCloseTo(0.1, within(0.02));
    }

    @Test
    void shrinksCoefficientsWithL2() {
        TrainingData training = plane(500, 13);

        LinearRegressionModel plain = fit(training, Map.of());
        LinearRegressionModel ridge = fit(training, Map.of("l2", "500"));

        // Unit-variance features on n rows: ridge scales each least-squares coefficient by about 1 / (1 + l2 / n).
        assertThat(ridge.coefficients()[0]).isCloseTo(plain.coefficients()[0] / 2, within(0.15));
        assertThat(Math.abs(ridge.coefficients()[1])).isLessThan(Math.abs(plain.coefficients()[1]));
    }

    @Test
    void solvesCollinearFeatures() {
        Random random = new Random(14);
        double[][] features = new double[200][];
        double[] targets = new double[200];
        for (int row = 0; row < features.length; row++) {
            double x = random.nextGaussian();
            features[row] = new double[] {x, x, 1};
            targets[row] = 4 * x + 1;
        }

        LinearRegressionModel model = fit(new TrainingData(Task.REGRESSION, features, targets, List.of()), Map.of());

        assertThat(model.coefficients()[0] + model.coefficients()[1]).isCloseTo(4, within(1e-6));
        assertThat(Fixtures.predictAll(model, new double[][] {{2, 2, 1}})[0]).isCloseTo(9, within(1e-6));
    }

    @Test
    void rejectsUnknownOrOutOfRangeParameters() {
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("alpha", "1")))
                .isInstanceOf(MarqueeException.class)
                .hasMessage("unknown parameter 'alpha' for linear_regression; known parameters are [l2]");
        assertThatThrownBy(() -> fit(plane(20, 1), Map.of("l2", "-0.5")))
                .hasMessage("parameter 'l2' of linear_regression must be >= 0, was -0.5");
        assertThat(algorithm.resolveParameters(Map.of())).isEqualTo(Map.of("l2", "0.0"));
    }

    @Test
    void stopsWhenCancelled() {
        TrainingContext cancelled = new TrainingContext(1, (fraction, message) -> {}, () -> true);

        assertThatThrownBy(() -> algorithm.fit(plane(20, 1), Map.of(), cancelled))
                .isInstanceOf(CancellationException.class);
    }

    @Test
    void reportsProgressEndingAtOne() {
        List<Double> fractions = new ArrayList<>();
        TrainingContext context = new TrainingContext(1, (fraction, message) -> fractions.add(fraction), () -> false);

        algorithm.fit(plane(10_000, 2), Map.of(), context);

        assertThat(fractions).hasSizeGreaterThan(2).isSorted().last().isEqualTo(1.0);
    }

    @Test
    void roundTripsThroughAnArtifactWithItsPipeline() {
        List<Column> inputs = List.of(new Column("x1", ColumnType.NUMERIC), new Column("x2", ColumnType.NUMERIC));
        TrainingData raw = plane(300, 15);
        List<Object[]> rows = new ArrayList<>();
        for (double[] features : raw.features()) {
            rows.add(new Object[] {features[0], features[1]});
        }
        FittedPipeline pipeline = FittedPipeline.fit(inputs, rows);
        LinearRegressionModel model = fit(
                new TrainingData(Task.REGRESSION, pipeline.transform(rows), raw.targets(), List.of()), Map.of());

        LoadedModel loaded = ModelArtifacts.load(
                Fixtures.artifact(LinearRegression.NAME, inputs, Fixtures.regression("y"), pipeline, model));

        double[] predictions = loaded.predict(new Object[][] {{1.0, 1.0}, {0.0, 2.0}}).values();
        assertThat(predictions[0]).isCloseTo(6, within(0.05));
        assertThat(predictions[1]).isCloseTo(1, within(0.05));
        double[] features = pipeline.transform(new Object[] {1.0, 1.0}, 0);
        assertThat(predictions[0]).isEqualTo(Fixtures.predictAll(model, new double[][] {features})[0]);
    }

    private LinearRegressionModel fit(TrainingData data, Map<String, String> parameters) {
        return (LinearRegressionModel) algorithm.fit(data, parameters, Fixtures.QUIET);
    }

    /** y = 3·x1 - 2·x2 + 5 + N(0, 0.1²) with standard normal x1 and x2. */
    private static TrainingData plane(int rows, long seed) {
        Random random = new Random(seed);
        double[][] features = new double[rows][];
        double[] targets = new double[rows];
        for (int row = 0; row < rows; row++) {
            double x1 = random.nextGaussian();
            double x2 = random.nextGaussian();
            features[row] = new double[] {x1, x2};
            targets[row] = 3 * x1 - 2 * x2 + 5 + 0.1 * random.nextGaussian();
        }
        return new TrainingData(Task.REGRESSION, features, targets, List.of());
    }
}
