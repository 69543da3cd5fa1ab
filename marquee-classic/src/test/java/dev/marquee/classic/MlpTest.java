package dev.marquee.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marquee.core.Column;
import dev.marquee.core.ColumnType;
import dev.marquee.core.ErrorCode;
import dev.marquee.core.FittedPipeline;
import dev.marquee.core.LoadedModel;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.Metrics;
import dev.marquee.core.ModelArtifacts;
import dev.marquee.core.OutputSchema;
import dev.marquee.core.Predictions;
import dev.marquee.core.Task;
import dev.marquee.core.TrainingContext;
import dev.marquee.core.TrainingData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MlpTest {
    private static final List<String> BINARY = List.of("no", "yes");
    private static final List<String> CLUSTERS = List.of("north", "east", "south-west");

    private final Mlp algorithm = new Mlp();

    @Test
    void learnsXorWhichNoLinearModelCan() {
        TrainingData training = xor(400, 41);
        TrainingData test = xor(200, 42);

        MlpModel model = fit(training, Map.of("hidden_layers", "8", "learning_rate", "0.02", "max_epochs", "150"));
        FittedModelAccuracy linear = new FittedModelAccuracy(
                new LogisticRegression().fit(training, Map.of(), Fixtures.QUIET), test);

        assertThat(model.outputCount()).isEqualTo(2);
        assertThat(new FittedModelAccuracy(model, test).accuracy()).isGreaterThan(0.95);
        assertThat(linear.accuracy()).isLessThan(0.75);
    }

    @Test
    void regressesASineClearlyBetterThanTheMean() {
        TrainingData training = sine(300, 43);
        TrainingData test = sine(200, 44);

        MlpModel model = fit(
                training,
                Map.of("hidden_layers", "32", "activation", "tanh", "learning_rate", "0.01", "max_epochs", "300"));

        Map<String, Double> metrics = Metrics.regression(test.targets(), Fixtures.predictAll(model, test.features()));
        // The mean scores an R² of 0 and the noise (σ 0.1 on a signal of variance 0.5) caps it near 0.98.
        assertThat(metrics.get("r2")).isGreaterThan(0.9);
        assertThat(model.outputCount()).isEqualTo(1);
    }

    @Test
    void predictsMulticlassProbabilitiesThatSumToOne() {
        TrainingData training = clusters(300, 45);
        TrainingData test = clusters(150, 46);

        MlpModel model = fit(training, Map.of("hidden_layers", "16,8", "learning_rate", "0.01", "max_epochs", "60"));

        assertThat(model.output()).isEqualTo(MlpModel.Output.SOFTMAX);
        assertThat(model.outputCount()).isEqualTo(3);
        assertThat(new FittedModelAccuracy(model, test).accuracy()).isGreaterThan(0.95);
        double[] probabilities = new double[3];
        for (double[] features : test.features()) {
            model.predict(features, probabilities);
            assertThat(Arrays.stream(probabilities).sum()).isCloseTo(1, within(1e-12));
            assertThat(Arrays.stream(probabilities).boxed().toList())
                    .allSatisfy(probability -> assertThat(probability).isBetween(0.0, 1.0));
        }
    }

    @Test
    void replaysExactlyForTheSameSeedAndDiffersForAnother() {
        TrainingData training = clusters(150, 47);
        Map<String, String> parameters = Map.of("hidden_layers", "6", "max_epochs", "5");

        MlpModel first = (MlpModel) algorithm.fit(training, parameters, context(7));
        MlpModel second = (MlpModel) algorithm.fit(training, parameters, context(7));
        MlpModel other = (MlpModel) algorithm.fit(training, parameters, context(8));

        assertThat(first.weights()).isDeepEqualTo(second.weights());
        assertThat(first.biases()).isDeepEqualTo(second.biases());
        assertThat(first.lossCurve()).isEqualTo(second.lossCurve());
        assertThat(other.weights()[0]).isNotEqualTo(first.weights()[0]);
    }

    @ParameterizedTest
    @CsvSource({
        "adam, 0.01, constant",
        "sgd, 0.05, constant",
        "sgd, 0.05, invscaling",
        "sgd, 0.05, adaptive",
        "gd, 0.5, constant",
    })
    void everySolverReducesTheLoss(String solver, String learningRate, String schedule) {
        MlpModel model = fit(
                clusters(300, 48),
                Map.of(
                        "solver",
                        solver,
                        "learning_rate",
                        learningRate,
                        "learning_rate_schedule",
                        schedule,
                        "hidden_layers",
                        "10",
                        "max_epochs",
                        "30",
                        "tolerance",
                        "0"));

        List<Double> losses = model.lossCurve();
        assertThat(losses).hasSize(30);
        assertThat(losses.getLast()).isLessThan(losses.getFirst() / 2);
    }

    @Test
    void stopsEarlyOnTheValidationScoreAndKeepsTheBestWeights() {
        TrainingData training = sine(400, 49);
        Map<String, String> parameters = Map.of(
                "early_stopping", "true",
                "validation_fraction", "0.25",
                "hidden_layers", "16",
                "learning_rate", "0.01",
                "max_epochs", "1000");

        MlpModel model = fit(training, parameters);

        List<Double> scores = model.validationScores();
        assertThat(scores).hasSameSizeAs(model.lossCurve()).hasSizeLessThan(1000);
        double best = Collections.max(scores);
        assertThat(scores.getLast()).isNotEqualTo(best);
        boolean[] held = MlpTrainer.validationMask(training, 0.25, new SplittableRandom(Fixtures.QUIET.seed()));
        List<Integer> validationRows = new ArrayList<>();
        for (int row = 0; row < held.length; row++) {
            if (held[row]) {
                validationRows.add(row);
            }
        }
        assertThat(validationRows).hasSize(100);
        double[] targets = validationRows.stream().mapToDouble(row -> training.targets()[row]).toArray();
        double[][] features = validationRows.stream().map(row -> training.features()[row]).toArray(double[][]::new);
        double r2 = Metrics.regression(targets, Fixtures.predictAll(model, features)).get("r2");
        assertThat(r2).isCloseTo(best, within(1e-9));
    }

    @Test
    void holdsOutAStratifiedValidationSplit() {
        TrainingData training = clusters(300, 50);

        boolean[] held = MlpTrainer.validationMask(training, 0.1, new SplittableRandom(3));

        int[] perClass = new int[3];
        for (int row = 0; row < held.length; row++) {
            if (held[row]) {
                perClass[(int) training.targets()[row]]++;
            }
        }
        assertThat(perClass).containsExactly(10, 10, 10);
    }

    @Test
    void reportsEveryEpochWithTheValidationScore() {
        List<String> messages = new ArrayList<>();
        List<Double> fractions = new ArrayList<>();
        TrainingContext context = new TrainingContext(1, (fraction, message) -> {
            fractions.add(fraction);
            messages.add(message);
        }, () -> false);

        algorithm.fit(
                clusters(90, 51),
                Map.of("max_epochs", "4", "early_stopping", "true", "hidden_layers", "4", "tolerance", "0"),
                context);

        assertThat(messages).hasSize(5);
        assertThat(messages.getFirst()).matches("epoch 1/4 loss \\d+\\.\\d{4} validation_accuracy \\d\\.\\d{4}");
        assertThat(messages.getLast()).startsWith("stopped after 4 epochs: reached max_epochs");
        assertThat(fractions).containsExactly(0.25, 0.5, 0.75, 1.0, 1.0);
    }

    @Test
    void stopsAtTheNextEpochOnceCancelled() {
        List<String> messages = new ArrayList<>();
        TrainingContext context =
                new TrainingContext(1, (fraction, message) -> messages.add(message), () -> messages.size() >= 3);

        assertThatThrownBy(() -> algorithm.fit(clusters(90, 52), Map.of("hidden_layers", "4"), context))
                .isInstanceOf(CancellationException.class);
        assertThat(messages).hasSize(3);
    }

    @Test
    void rejectsBadParametersNamingThem() {
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("hidden_layers", "10,,5")))
                .isInstanceOf(MarqueeException.class)
                .hasMessage("parameter 'hidden_layers' of mlp must list layer widths separated by commas,"
                        + " such as '100' or '64,32', was '10,,5'");
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("hidden_layers", "0")))
                .hasMessage("parameter 'hidden_layers' of mlp must have layer widths between 1 and 100000,"
                        + " was 0 in '0'");
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("activation", "sigmoid")))
                .hasMessage("parameter 'activation' of mlp must be one of [relu, tanh, logistic], was 'sigmoid'");
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("nesterov", "yes")))
                .hasMessage("parameter 'nesterov' of mlp must be true or false, was 'yes'");
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("learning_rate_schedule", "adaptive")))
                .hasMessage("parameter 'learning_rate_schedule' of mlp must be constant for solver adam,"
                        + " which adapts its own step sizes, was adaptive");
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("validation_fraction", "1")))
                .hasMessage("parameter 'validation_fraction' of mlp must be greater than 0 and less than 1, was 1.0");
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("alpha", "1")))
                .hasMessageStartingWith("unknown parameter 'alpha' for mlp; known parameters are [activation,"
                        + " batch_size, early_stopping, epochs_without_improvement, hidden_layers, l2,");
        assertThatThrownBy(() -> algorithm.fit(
                        clusters(6, 53), Map.of("early_stopping", "true", "hidden_layers", "2"), Fixtures.QUIET))
                .hasMessage("parameter 'validation_fraction' of mlp leaves 6 training and 0 validation rows of 6;"
                        + " both need at least one");
    }

    @Test
    void resolvesEveryParameterWithItsDefault() {
        Map<String, String> expected = new HashMap<>();
        expected.put("hidden_layers", "100");
        expected.put("activation", "relu");
        expected.put("solver", "adam");
        expected.put("learning_rate", "0.001");
        expected.put("learning_rate_schedule", "constant");
        expected.put("power_t", "0.5");
        expected.put("momentum", "0.9");
        expected.put("nesterov", "true");
        expected.put("batch_size", "200");
        expected.put("l2", "1.0E-4");
        expected.put("max_epochs", "200");
        expected.put("tolerance", "1.0E-4");
        expected.put("epochs_without_improvement", "10");
        expected.put("early_stopping", "false");
        expected.put("validation_fraction", "0.1");

        assertThat(algorithm.resolveParameters(Map.of())).isEqualTo(expected);
        assertThat(algorithm.resolveParameters(Map.of("hidden_layers", " 64, 32 ")))
                .containsEntry("hidden_layers", "64,32");
        assertThat(algorithm.resolveParameters(algorithm.resolveParameters(Map.of("solver", "sgd"))))
                .containsEntry("solver", "sgd");
    }

    @Test
    void roundTripsThroughAnArtifactWithIdenticalPredictions() {
        List<Column> inputs = List.of(new Column("a", ColumnType.NUMERIC), new Column("b", ColumnType.NUMERIC));
        TrainingData raw = clusters(150, 54);
        List<Object[]> rows = new ArrayList<>();
        for (double[] features : raw.features()) {
            rows.add(new Object[] {features[0], features[1]});
        }
        FittedPipeline pipeline = FittedPipeline.fit(inputs, rows);
        MlpModel model = fit(
                new TrainingData(Task.CLASSIFICATION, pipeline.transform(rows), raw.targets(), CLUSTERS),
                Map.of("hidden_layers", "5,4", "max_epochs", "20", "early_stopping", "true"));

        LoadedModel loaded = ModelArtifacts.load(Fixtures.artifact(
                Mlp.NAME,
                inputs,
                new OutputSchema("cluster", Task.CLASSIFICATION, CLUSTERS),
                pipeline,
                model));

        Object[][] points = {{0.0, 3.0}, {3.0, 0.0}, {-3.0, -3.0}, {0.1, 0.2}};
        Predictions predictions = loaded.predict(points);
        for (int row = 0; row < points.length; row++) {
            double[] expected = new double[3];
            model.predict(pipeline.transform(points[row], row), expected);
            assertThat(predictions.probabilities()[row]).containsExactly(expected);
        }
    }

    @Test
    void rejectsAnArtifactWithWeightsOfTheWrongLength() throws IOException {
        List<Column> inputs = List.of(new Column("x", ColumnType.NUMERIC));
        TrainingData data = sine(50, 55);
        List<Object[]> rows = new ArrayList<>();
        for (double[] features : data.features()) {
            rows.add(new Object[] {features[0]});
        }
        FittedPipeline pipeline = FittedPipeline.fit(inputs, rows);
        MlpModel model = fit(
                new TrainingData(Task.REGRESSION, pipeline.transform(rows), data.targets(), List.of()),
                Map.of("hidden_layers", "3", "max_epochs", "2"));
        byte[] artifact = Fixtures.artifact(Mlp.NAME, inputs, Fixtures.regression("y"), pipeline, model);
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = (ObjectNode) mapper.readTree(artifact);
        ((ArrayNode) root.at("/model/weights/1")).remove(0);

        assertThatThrownBy(() -> ModelArtifacts.load(mapper.writeValueAsBytes(root)))
                .isInstanceOf(MarqueeException.class)
                .hasMessageContaining("weights[1] has 2 values, needs 3 × 1")
                .extracting(error -> ((MarqueeException) error).code())
                .isEqualTo(ErrorCode.DATA_CORRUPTED);
        assertThat(ModelArtifacts.load(artifact).predict(new Object[][] {{1.0}}).values()).hasSize(1);
    }

    @Test
    void rejectsInconsistentModels() {
        double[][] weights = {{1, 2}, {3, 4}};
        double[][] biases = {{0, 0}, {0}};
        List<Double> none = List.of();
        assertThat(new MlpModel(
                        MlpActivation.RELU, MlpModel.Output.IDENTITY, new int[] {1, 2, 1}, weights, biases, none, none)
                .featureCount()).isEqualTo(1);

        assertThatThrownBy(() -> new MlpModel(
                        MlpActivation.RELU,
                        MlpModel.Output.IDENTITY,
                        new int[] {1, 2, 1},
                        new double[][] {{1, 2}, {3}},
                        biases,
                        none,
                        none))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("weights[1] has 1 values, needs 2 × 1");
        assertThatThrownBy(() -> new MlpModel(
                        MlpActivation.RELU,
                        MlpModel.Output.IDENTITY,
                        new int[] {1, 2, 1},
                        weights,
                        new double[][] {{0}, {0}},
                        none,
                        none))
                .hasMessage("biases[0] has 1 values, needs 2");
        assertThatThrownBy(() -> new MlpModel(
                        MlpActivation.RELU, MlpModel.Output.IDENTITY, new int[] {1, 2}, weights, biases, none, none))
                .hasMessage("2 layer sizes need 1 weight matrices and bias vectors, have 2 and 2");
        assertThatThrownBy(() -> new MlpModel(
                        MlpActivation.RELU,
                        MlpModel.Output.SOFTMAX,
                        new int[] {1, 1},
                        new double[][] {{1}},
                        new double[][] {{0}},
                        none,
                        none))
                .hasMessage("SOFTMAX output cannot have 1 units");
        assertThatThrownBy(() -> new MlpModel(
                        MlpActivation.RELU,
                        MlpModel.Output.IDENTITY,
                        new int[] {1, 1},
                        new double[][] {{Double.NaN}},
                        new double[][] {{0}},
                        none,
                        none))
                .hasMessage("weights must be finite: NaN");
        assertThatThrownBy(() -> new MlpModel(
                        MlpActivation.RELU,
                        MlpModel.Output.IDENTITY,
                        new int[] {1, 1},
                        new double[][] {{1}},
                        new double[][] {{0}},
                        List.of(1.0, 0.5),
                        List.of(0.9)))
                .hasMessage("validationScores has 1 epochs, lossCurve 2");
    }

    private MlpModel fit(TrainingData data, Map<String, String> parameters) {
        return (MlpModel) algorithm.fit(data, parameters, Fixtures.QUIET);
    }

    private static TrainingContext context(long seed) {
        return new TrainingContext(seed, (fraction, message) -> {}, () -> false);
    }

    /** The accuracy of a classifier on labelled rows. */
    private record FittedModelAccuracy(dev.marquee.core.FittedModel model, TrainingData test) {
        double accuracy() {
            double[][] probabilities = new double[test.rowCount()][model.outputCount()];
            for (int row = 0; row < test.rowCount(); row++) {
                model.predict(test.features()[row], probabilities[row]);
            }
            int[] labels = Arrays.stream(test.targets()).mapToInt(target -> (int) target).toArray();
            return Metrics.classification(labels, probabilities).get("accuracy");
        }
    }

    /** Points near the corners (±1, ±1), labelled "yes" where the signs differ. */
    private static TrainingData xor(int rows, long seed) {
        Random random = new Random(seed);
        double[][] features = new double[rows][];
        double[] targets = new double[rows];
        for (int row = 0; row < rows; row++) {
            boolean first = random.nextBoolean();
            boolean second = random.nextBoolean();
            features[row] = new double[] {
                (first ? 1 : -1) + 0.2 * random.nextGaussian(), (second ? 1 : -1) + 0.2 * random.nextGaussian()
            };
            targets[row] = first != second ? 1 : 0;
        }
        return new TrainingData(Task.CLASSIFICATION, features, targets, BINARY);
    }

    /** y = sin(x) + N(0, 0.1²) for x uniform on [-π, π], given as x / √3 so that it has about unit variance. */
    private static TrainingData sine(int rows, long seed) {
        Random random = new Random(seed);
        double[][] features = new double[rows][];
        double[] targets = new double[rows];
        for (int row = 0; row < rows; row++) {
            double x = Math.PI * (2 * random.nextDouble() - 1);
            features[row] = new double[] {x / Math.sqrt(3)};
            targets[row] = Math.sin(x) + 0.1 * random.nextGaussian();
        }
        return new TrainingData(Task.REGRESSION, features, targets, List.of());
    }

    /** Three unit-variance clusters around (0, 3), (3, 0) and (-3, -3), in turn. */
    private static TrainingData clusters(int rows, long seed) {
        double[][] centres = {{0, 3}, {3, 0}, {-3, -3}};
        Random random = new Random(seed);
        double[][] features = new double[rows][];
        double[] targets = new double[rows];
        for (int row = 0; row < rows; row++) {
            double[] centre = centres[row % 3];
            features[row] = new double[] {
                (centre[0] + random.nextGaussian()) / 2, (centre[1] + random.nextGaussian()) / 2
            };
            targets[row] = row % 3;
        }
        return new TrainingData(Task.CLASSIFICATION, features, targets, CLUSTERS);
    }
}
