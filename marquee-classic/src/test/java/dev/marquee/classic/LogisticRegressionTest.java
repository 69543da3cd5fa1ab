package dev.marquee.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.marquee.core.CategoricalEncoder;
import dev.marquee.core.Column;
import dev.marquee.core.ColumnType;
import dev.marquee.core.FittedPipeline;
import dev.marquee.core.LoadedModel;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.Metrics;
import dev.marquee.core.ModelArtifacts;
import dev.marquee.core.NumericEncoder;
import dev.marquee.core.OutputSchema;
import dev.marquee.core.Predictions;
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

class LogisticRegressionTest {
    private static final List<Column> INPUTS = List.of(
            new Column("x1", ColumnType.NUMERIC),
            new Column("x2", ColumnType.NUMERIC),
            new Column("color", ColumnType.CATEGORICAL));
    private static final List<String> COLORS = List.of("red", "green", "blue");
    private static final List<String> BINARY = List.of("no", "yes");

    private final LogisticRegression algorithm = new LogisticRegression();

    @Test
    void separatesBinaryClassesAndRecoversKnownCoefficients() {
        Sample training = binarySample(8_000, 21);
        Sample test = binarySample(2_000, 22);
        FittedPipeline pipeline = FittedPipeline.fit(INPUTS, training.rows());

        // Without regularisation the fit is the maximum-likelihood estimate, which converges to the true coefficients.
        LogisticRegressionModel model = fit(training.data(pipeline), Map.of("l2", "0", "max_iterations", "500"));

        Map<String, Double> metrics =
                Metrics.classification(test.labels(), probabilities(model, test.features(pipeline)));
        assertThat(metrics.get("accuracy")).isGreaterThan(0.9);
        assertThat(metrics.get("roc_auc")).isGreaterThan(0.95);
        // A standardised coefficient divided by its feature's scale is the coefficient of the generating logit.
        double[] coefficients = model.coefficients()[0];
        assertThat(coefficients[0] / scale(pipeline, 0)).isCloseTo(3, within(0.15));
        assertThat(coefficients[1] / scale(pipeline, 1)).isCloseTo(-2, within(0.1));
        List<String> categories = ((CategoricalEncoder) pipeline.encoders().get(2)).categories();
        double red = coefficients[2 + categories.indexOf("red")];
        double blue = coefficients[2 + categories.indexOf("blue")];
        assertThat(red - blue).isCloseTo(3, within(0.3));
    }

    @Test
    void separatesThreeClassesWithSoftmax() {
        MulticlassSample training = clusters(900, 31);
        MulticlassSample test = clusters(300, 32);

        LogisticRegressionModel model = fit(training.data(), Map.of());

        assertThat(model.coefficients()).hasNumberOfRows(3);
        double[][] probabilities = probabilities(model, test.features());
        assertThat(Metrics.classification(test.labels(), probabilities).get("accuracy")).isGreaterThan(0.95);
        for (double[] row : probabilities) {
            assertThat(Arrays.stream(row).sum()).isCloseTo(1, within(1e-12));
        }
    }

    @Test
    void fitsDeterministically() {
        MulticlassSample training = clusters(300, 33);

        LogisticRegressionModel first = fit(training.data(), Map.of());
        LogisticRegressionModel second = fit(training.data(), Map.of());

        assertThat(first.coefficients()).isDeepEqualTo(second.coefficients());
        assertThat(first.intercepts()).containsExactly(second.intercepts());
    }

    @Test
    void reportsOneProgressStepPerIterationWithinTheLimit() {
        List<String> messages = new ArrayList<>();
        List<Double> fractions = new ArrayList<>();
        TrainingContext context = new TrainingContext(1, (fraction, message) -> {
            fractions.add(fraction);
            messages.add(message);
        }, () -> false);

        algorithm.fit(clusters(300, 34).data(), Map.of("max_iterations", "5", "tolerance", "1e-12"), context);

        assertThat(messages).hasSize(6);
        assertThat(messages.getFirst()).startsWith("iteration 1/5 loss ");
        assertThat(messages.getLast()).startsWith("stopped at max_iterations after 5 iterations");
        assertThat(fractions).isSorted().last().isEqualTo(1.0);
    }

    @Test
    void stopsAtTheNextIterationOnceCancelled() {
        List<String> messages = new ArrayList<>();
        TrainingContext context =
                new TrainingContext(1, (fraction, message) -> messages.add(message), () -> messages.size() >= 3);

        assertThatThrownBy(() -> algorithm.fit(clusters(300, 35).data(), Map.of(), context))
                .isInstanceOf(CancellationException.class);
        assertThat(messages).hasSize(3);
    }

    /*
     * Reference values from scikit-learn 1.2.1 on the same rows:
     *   X = [[sin(i * (j + 1) * 0.7 + j) for j in range(6)] for i in range(200)]
     *   y = [(X[i][0] + 0.5 * X[i][1] > 0.1) != (i % 7 == 0) for i in range(200)]
     *   LogisticRegression(penalty='l1', solver='saga', C=C, tol=1e-10, max_iter=100000).fit(X, y)
     */
    @Test
    void l1PenaltyMatchesScikitLearnAndZeroesWeakCoefficients() {
        int rows = 200;
        int width = 6;
        double[][] features = new double[rows][width];
        double[] targets = new double[rows];
        for (int row = 0; row < rows; row++) {
            for (int column = 0; column < width; column++) {
                features[row][column] = Math.sin(row * (column + 1) * 0.7 + column);
            }
            boolean positive = features[row][0] + 0.5 * features[row][1] > 0.1;
            targets[row] = positive != (row % 7 == 0) ? 1 : 0;
        }
        TrainingData data = new TrainingData(Task.CLASSIFICATION, features, targets, List.of("0", "1"));
        Map<String, String> precise = Map.of("l2", "0", "tolerance", "1e-9", "max_iterations", "10000");

        LogisticRegressionModel weak = fit(data, precise, "1");
        LogisticRegressionModel strong = fit(data, precise, "10");

        double[] expected = {2.283237, 0.280489, -0.34347, 0.07132, -0.276032, -0.331602};
        for (int column = 0; column < width; column++) {
            assertThat(weak.coefficients()[0][column]).isCloseTo(expected[column], within(2e-3));
        }
        assertThat(weak.intercepts()[0]).isCloseTo(0.266198, within(2e-3));
        assertThat(strong.coefficients()[0][0]).isCloseTo(1.642759, within(2e-3));
        assertThat(Arrays.copyOfRange(strong.coefficients()[0], 1, width)).containsOnly(0.0);
        assertThat(strong.intercepts()[0]).isCloseTo(0.256308, within(2e-3));
    }

    private LogisticRegressionModel fit(TrainingData data, Map<String, String> parameters, String l1) {
        Map<String, String> withL1 = new java.util.HashMap<>(parameters);
        withL1.put("l1", l1);
        return (LogisticRegressionModel) algorithm.fit(data, algorithm.resolveParameters(withL1), Fixtures.QUIET);
    }

    @Test
    void rejectsUnknownOrOutOfRangeParameters() {
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("C", "1")))
                .isInstanceOf(MarqueeException.class)
                .hasMessage("unknown parameter 'C' for logistic_regression; "
                        + "known parameters are [l1, l2, max_iterations, tolerance]");
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("max_iterations", "0")))
                .hasMessage("parameter 'max_iterations' of logistic_regression must be between 1 and 100000, was 0");
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("tolerance", "0")))
                .hasMessage("parameter 'tolerance' of logistic_regression must be > 0, was 0.0");
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("l2", "lots")))
                .hasMessage("parameter 'l2' of logistic_regression is not a finite number: 'lots'");
        assertThat(algorithm.resolveParameters(Map.of("l2", "0.5")))
                .isEqualTo(Map.of("l2", "0.5", "l1", "0.0", "max_iterations", "100", "tolerance", "1.0E-4"));
        assertThat(algorithm.resolveParameters(Map.of())).containsEntry("l2", "1.0");
    }

    @Test
    void rejectsRegressionData() {
        TrainingData regression = new TrainingData(Task.REGRESSION, new double[][] {{1}}, new double[] {1}, List.of());

        assertThatThrownBy(() -> algorithm.fit(regression, Map.of(), Fixtures.QUIET))
                .hasMessage("logistic_regression predicts classes; the data is for REGRESSION");
    }

    @Test
    void roundTripsBinaryAndMultinomialModelsThroughArtifacts() {
        Sample binary = binarySample(500, 23);
        FittedPipeline pipeline = FittedPipeline.fit(INPUTS, binary.rows());
        LogisticRegressionModel binaryModel = fit(binary.data(pipeline), Map.of());
        OutputSchema binaryOutput = new OutputSchema("y", Task.CLASSIFICATION, BINARY);
        LoadedModel loadedBinary = ModelArtifacts.load(
                Fixtures.artifact(LogisticRegression.NAME, INPUTS, binaryOutput, pipeline, binaryModel));

        Object[][] rows = {{0.5, -1.0, "red"}, {-2.0, 1.0, "purple"}};
        Predictions predictions = loadedBinary.predict(rows);
        for (int row = 0; row < rows.length; row++) {
            double[] expected = new double[2];
            binaryModel.predict(pipeline.transform(rows[row], row), expected);
            assertThat(predictions.probabilities()[row]).containsExactly(expected);
        }
        assertThat(predictions.labels()).containsExactly("yes", "no");
        assertThat(predictions.values()).containsExactly(1, 0);

        List<Column> pointInputs = List.of(new Column("a", ColumnType.NUMERIC), new Column("b", ColumnType.NUMERIC));
        MulticlassSample clusters = clusters(300, 36);
        FittedPipeline pointPipeline = FittedPipeline.fit(pointInputs, clusters.rows());
        LogisticRegressionModel multinomial = fit(clusters.data(pointPipeline), Map.of());
        LoadedModel loadedMultinomial = ModelArtifacts.load(Fixtures.artifact(
                LogisticRegression.NAME,
                pointInputs,
                new OutputSchema("cluster", Task.CLASSIFICATION, MulticlassSample.CLASSES),
                pointPipeline,
                multinomial));

        Predictions clustered = loadedMultinomial.predict(new Object[][] {{0.0, 3.0}, {3.0, 0.0}, {-3.0, -3.0}});
        assertThat(clustered.labels()).containsExactly("north", "east", "south-west");
        double[] expected = new double[3];
        multinomial.predict(pointPipeline.transform(new Object[] {0.0, 3.0}, 0), expected);
        assertThat(clustered.probabilities()[0]).containsExactly(expected);
    }

    private LogisticRegressionModel fit(TrainingData data, Map<String, String> parameters) {
        return (LogisticRegressionModel) algorithm.fit(data, parameters, Fixtures.QUIET);
    }

    private static double[][] probabilities(LogisticRegressionModel model, double[][] features) {
        double[][] probabilities = new double[features.length][model.outputCount()];
        for (int row = 0; row < features.length; row++) {
            model.predict(features[row], probabilities[row]);
        }
        return probabilities;
    }

    private static double scale(FittedPipeline pipeline, int index) {
        return ((NumericEncoder) pipeline.encoders().get(index)).scale();
    }

    /**
     * logit = 0.5 + 3·x1 - 2·x2 + (red: +1.5, green: 0, blue: -1.5), x1 ~ N(0, 2²), x2 ~ N(1, 3²): far enough from
     * the boundary on most rows for about 0.94 accuracy, yet not separable.
     */
    private static Sample binarySample(int rows, long seed) {
        Random random = new Random(seed);
        List<Object[]> inputs = new ArrayList<>();
        int[] labels = new int[rows];
        for (int row = 0; row < rows; row++) {
            double x1 = 2 * random.nextGaussian();
            double x2 = 1 + 3 * random.nextGaussian();
            int color = random.nextInt(3);
            double logit = 0.5 + 3 * x1 - 2 * x2 + 1.5 * (1 - color);
            labels[row] = random.nextDouble() < LogisticRegressionModel.sigmoid(logit) ? 1 : 0;
            inputs.add(new Object[] {x1, x2, COLORS.get(color)});
        }
        return new Sample(inputs, labels);
    }

    private record Sample(List<Object[]> rows, int[] labels) {
        double[][] features(FittedPipeline pipeline) {
            return pipeline.transform(rows);
        }

        TrainingData data(FittedPipeline pipeline) {
            return new TrainingData(
                    Task.CLASSIFICATION, features(pipeline), Arrays.stream(labels).asDoubleStream().toArray(), BINARY);
        }
    }

    /** Three unit-variance clusters around (0, 3), (3, 0) and (-3, -3). */
    private static MulticlassSample clusters(int rows, long seed) {
        double[][] centres = {{0, 3}, {3, 0}, {-3, -3}};
        Random random = new Random(seed);
        List<Object[]> inputs = new ArrayList<>();
        int[] labels = new int[rows];
        for (int row = 0; row < rows; row++) {
            labels[row] = row % 3;
            double[] centre = centres[labels[row]];
            inputs.add(new Object[] {centre[0] + random.nextGaussian(), centre[1] + random.nextGaussian()});
        }
        return new MulticlassSample(inputs, labels);
    }

    private record MulticlassSample(List<Object[]> rows, int[] labels) {
        static final List<String> CLASSES = List.of("north", "east", "south-west");

        double[][] features() {
            return rows.stream().map(row -> new double[] {(double) row[0], (double) row[1]}).toArray(double[][]::new);
        }

        TrainingData data() {
            return new TrainingData(Task.CLASSIFICATION, features(), targets(), CLASSES);
        }

        TrainingData data(FittedPipeline pipeline) {
            return new TrainingData(Task.CLASSIFICATION, pipeline.transform(rows), targets(), CLASSES);
        }

        private double[] targets() {
            return Arrays.stream(labels).asDoubleStream().toArray();
        }
    }
}
