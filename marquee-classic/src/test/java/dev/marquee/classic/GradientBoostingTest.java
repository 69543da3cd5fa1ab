package dev.marquee.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marquee.core.Column;
import dev.marquee.core.ColumnType;
import dev.marquee.core.ErrorCode;
import dev.marquee.core.FittedModel;
import dev.marquee.core.FittedPipeline;
import dev.marquee.core.Json;
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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class GradientBoostingTest {
    private static final List<String> BINARY = List.of("no", "yes");
    private static final List<String> RINGS = List.of("inner", "middle", "outer");
    private static final List<Column> INPUTS =
            List.of(new Column("x1", ColumnType.NUMERIC), new Column("x2", ColumnType.NUMERIC));

    private final GradientBoosting algorithm = new GradientBoosting();

    @Test
    void learnsXorThatNoLinearModelCan() {
        TrainingData training = xor(1_000, 1);
        TrainingData test = xor(500, 2);

        GradientBoostingModel model = fit(training, Map.of("trees", "50", "max_depth", "4"));

        assertThat(model.outputCount()).isEqualTo(2);
        assertThat(accuracy(model, test)).isGreaterThan(0.93);
        FittedModel linear = new LogisticRegression().fit(training, Map.of(), Fixtures.QUIET);
        assertThat(accuracy(linear, test)).isLessThan(0.7);
    }

    @Test
    void separatesThreeRingsWithProbabilitiesSummingToOne() {
        TrainingData training = rings(900, 3);
        TrainingData test = rings(300, 4);

        GradientBoostingModel model = fit(training, Map.of("trees", "30", "max_depth", "4"));

        assertThat(model.outputCount()).isEqualTo(3);
        assertThat(accuracy(model, test)).isGreaterThan(0.9);
        for (double[] row : probabilities(model, test.features())) {
            assertThat(Arrays.stream(row).min().orElseThrow()).isGreaterThanOrEqualTo(0);
            assertThat(Arrays.stream(row).sum()).isCloseTo(1, within(1e-12));
        }
    }

    @Test
    void regressesANonLinearFunctionFarBetterThanTheMean() {
        TrainingData training = wave(1_000, 5);
        TrainingData test = wave(500, 6);

        GradientBoostingModel model = fit(training, Map.of("trees", "60", "max_depth", "4"));

        double[] predictions = Fixtures.predictAll(model, test.features());
        double mean = Arrays.stream(test.targets()).average().orElseThrow();
        double modelError = 0;
        double meanError = 0;
        for (int row = 0; row < predictions.length; row++) {
            modelError += Math.pow(predictions[row] - test.targets()[row], 2);
            meanError += Math.pow(mean - test.targets()[row], 2);
        }
        assertThat(model.outputCount()).isEqualTo(1);
        assertThat(modelError).isLessThan(0.1 * meanError);
    }

    @Test
    void replaysExactlyForTheSameSeedAndDiffersForAnother() {
        TrainingData training = xor(400, 7);
        TrainingData test = xor(100, 8);
        Map<String, String> sampled = Map.of("trees", "10", "subsample", "0.6", "colsample_bytree", "0.5");

        double[] first = Fixtures.predictAll(fit(training, sampled, 11), test.features());
        double[] second = Fixtures.predictAll(fit(training, sampled, 11), test.features());
        double[] otherSeed = Fixtures.predictAll(fit(training, sampled, 12), test.features());

        assertThat(second).containsExactly(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void reportsTheLossAfterEachRoundAndStopsOnceCancelled() {
        List<String> messages = new ArrayList<>();
        List<Double> fractions = new ArrayList<>();
        TrainingContext reporting = new TrainingContext(1, (fraction, message) -> {
            fractions.add(fraction);
            messages.add(message);
        }, () -> false);

        algorithm.fit(xor(200, 9), Map.of("trees", "4"), reporting);

        assertThat(messages).hasSize(4);
        assertThat(messages.getFirst()).matches("round 1/4 train-logloss 0\\.\\d{6}");
        assertThat(fractions).containsExactly(0.25, 0.5, 0.75, 1.0);

        List<String> cancelledMessages = new ArrayList<>();
        TrainingContext cancelling = new TrainingContext(
                1, (fraction, message) -> cancelledMessages.add(message), () -> cancelledMessages.size() >= 3);
        assertThatThrownBy(() -> algorithm.fit(xor(200, 9), Map.of("trees", "50"), cancelling))
                .isInstanceOf(CancellationException.class);
        assertThat(cancelledMessages).hasSize(3);
    }

    @Test
    void stopsEarlyOnceTheValidationLossStopsImprovingOnNoise() {
        Random random = new Random(13);
        double[][] features = new double[600][3];
        double[] targets = new double[600];
        for (int row = 0; row < features.length; row++) {
            for (int feature = 0; feature < 3; feature++) {
                features[row][feature] = random.nextGaussian();
            }
            targets[row] = random.nextInt(2);
        }
        TrainingData noise = new TrainingData(Task.CLASSIFICATION, features, targets, BINARY);
        List<String> messages = new ArrayList<>();
        TrainingContext context = new TrainingContext(1, (fraction, message) -> messages.add(message), () -> false);

        GradientBoostingModel model = (GradientBoostingModel) algorithm.fit(
                noise, Map.of("trees", "300", "early_stopping_rounds", "5", "validation_fraction", "0.2"), context);

        assertThat(messages).hasSizeLessThan(100);
        assertThat(messages.getFirst()).matches("round 1/300 train-logloss \\d\\.\\d{6} validation-logloss \\d\\.\\d{6}");
        assertThat(messages.getLast()).startsWith("stopped early after round " + (model.rounds() + 5) + "; best round "
                + model.rounds() + " validation-logloss ");
        assertThatLocallyAccurate(model, features);
    }

    @Test
    void rejectsUnknownOrOutOfRangeParameters() {
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("n_estimators", "10")))
                .isInstanceOf(MarqueeException.class)
                .hasMessage("unknown parameter 'n_estimators' for gradient_boosting; known parameters are "
                        + "[colsample_bytree, early_stopping_rounds, gamma, l1, l2, learning_rate, max_bin, max_depth, "
                        + "min_child_weight, subsample, trees, validation_fraction]");
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("trees", "0")))
                .hasMessage("parameter 'trees' of gradient_boosting must be between 1 and 100000, was 0");
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("learning_rate", "0")))
                .hasMessage("parameter 'learning_rate' of gradient_boosting must be > 0 and <= 1, was 0.0");
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("subsample", "1.5")))
                .hasMessage("parameter 'subsample' of gradient_boosting must be > 0 and <= 1, was 1.5");
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("max_bin", "1")))
                .hasMessage("parameter 'max_bin' of gradient_boosting must be between 2 and 65536, was 1");
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("l1", "-1")))
                .hasMessage("parameter 'l1' of gradient_boosting must be >= 0, was -1.0");
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("max_depth", "deep")))
                .hasMessage("parameter 'max_depth' of gradient_boosting is not an integer: 'deep'");
        assertThatThrownBy(() -> algorithm.fit(
                        xor(4, 14), Map.of("early_stopping_rounds", "3"), Fixtures.QUIET))
                .isInstanceOf(MarqueeException.class)
                .hasMessageStartingWith("parameter 'validation_fraction' of gradient_boosting must leave at least one "
                        + "row for validation");
        assertThat(algorithm.resolveParameters(Map.of())).isEqualTo(Map.ofEntries(
                Map.entry("trees", "100"),
                Map.entry("learning_rate", "0.3"),
                Map.entry("max_depth", "6"),
                Map.entry("min_child_weight", "1.0"),
                Map.entry("subsample", "1.0"),
                Map.entry("colsample_bytree", "1.0"),
                Map.entry("l2", "1.0"),
                Map.entry("l1", "0.0"),
                Map.entry("gamma", "0.0"),
                Map.entry("max_bin", "256"),
                Map.entry("early_stopping_rounds", "0"),
                Map.entry("validation_fraction", "0.1")));
    }

    @Test
    void roundTripsClassifiersAndRegressorsThroughArtifacts() {
        Object[][] rows = {{0.5, -0.5}, {-0.7, -0.2}, {0.1, 0.9}, {2.5, -3.0}};
        assertRoundTrip(xorRows(400, 15), new OutputSchema("y", Task.CLASSIFICATION, BINARY), rows);
        assertRoundTrip(ringRows(400, 16), new OutputSchema("ring", Task.CLASSIFICATION, RINGS), rows);
        assertRoundTrip(waveRows(400, 17), Fixtures.regression("y"), rows);
    }

    @Test
    void rejectsCorruptedBoosterBytesWithoutReachingNativeCode() throws IOException {
        GradientBoostingModel model = fit(xor(200, 18), Map.of("trees", "5"));
        ObjectMapper mapper = Json.newObjectMapper();
        ObjectNode json = mapper.valueToTree(model);
        byte[] booster = model.booster();

        booster[booster.length / 2] ^= 1;
        json.put("booster", booster);
        assertThatThrownBy(() -> mapper.treeToValue(json, GradientBoostingModel.class))
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .rootCause()
                .hasMessageStartingWith("booster bytes are corrupted: their SHA-256 is ");
        byte[] artifact = Fixtures.artifact(
                GradientBoosting.NAME, INPUTS, new OutputSchema("y", Task.CLASSIFICATION, BINARY), pipeline(), model);
        ObjectNode tampered = (ObjectNode) mapper.readTree(artifact);
        ((ObjectNode) tampered.get("model")).put("booster", booster);
        assertThatThrownBy(() -> ModelArtifacts.load(mapper.writeValueAsBytes(tampered)))
                .isInstanceOf(MarqueeException.class)
                .satisfies(e -> assertThat(((MarqueeException) e).code()).isEqualTo(ErrorCode.DATA_CORRUPTED))
                .hasMessageContaining("booster bytes are corrupted");

        assertThatThrownBy(() -> GradientBoostingModel.of(Task.CLASSIFICATION, 2, 2, 5, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("booster is empty");
        // Bytes that match their digest but are no booster reach XGBoost's parser, which must fail cleanly.
        byte[] truncated = Arrays.copyOf(model.booster(), model.booster().length / 2);
        byte[] notABooster = "{\"learner\": 42}".getBytes(StandardCharsets.UTF_8);
        for (byte[] bytes : List.of(truncated, notABooster)) {
            GradientBoostingModel broken = GradientBoostingModel.of(Task.CLASSIFICATION, 2, 2, 5, bytes);
            assertThatThrownBy(() -> broken.predict(new double[2], new double[2]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("booster cannot be loaded: ");
        }
        GradientBoostingModel tooManyRounds = GradientBoostingModel.of(Task.CLASSIFICATION, 2, 2, 6, model.booster());
        assertThatThrownBy(() -> tooManyRounds.predict(new double[2], new double[2]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("booster has 2 features and 5 rounds; the model needs 2 features and 6 rounds");
    }

    @Test
    void contributionsAddUpToTheMarginOfEveryOutput() {
        GradientBoostingModel binary = fit(xor(300, 19), Map.of("trees", "20"));
        GradientBoostingModel multiclass = fit(rings(300, 20), Map.of("trees", "10"));
        GradientBoostingModel regression = fit(wave(300, 21), Map.of("trees", "20"));
        double[][] rows = xor(50, 22).features();

        assertThat(binary.contributionScale()).isEqualTo("log_odds");
        assertThat(regression.contributionScale()).isEqualTo("value");
        assertThatLocallyAccurate(binary, rows);
        assertThatLocallyAccurate(multiclass, rows);
        assertThatLocallyAccurate(regression, rows);

        double[] margins = new double[2];
        double[] probabilities = new double[2];
        binary.margins(rows[0], margins);
        binary.predict(rows[0], probabilities);
        assertThat(probabilities[1]).isCloseTo(1 / (1 + Math.exp(-margins[1])), within(1e-6));
    }

    @Test
    void predictsTheSameFromManyThreadsAtOnce() throws Exception {
        GradientBoostingModel model = fit(rings(300, 23), Map.of("trees", "10"));
        double[][] rows = rings(200, 24).features();
        double[][] expected = probabilities(model, rows);

        try (ExecutorService executor = Executors.newFixedThreadPool(4)) {
            List<Future<double[][]>> results = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                results.add(executor.submit(() -> probabilities(model, rows)));
            }
            for (Future<double[][]> result : results) {
                assertThat(result.get()).isDeepEqualTo(expected);
            }
        }
    }

    private void assertRoundTrip(List<Object[]> training, OutputSchema output, Object[][] rows) {
        FittedPipeline pipeline = pipeline();
        double[] targets = training.stream().mapToDouble(row -> (double) row[2]).toArray();
        List<Object[]> inputs = training.stream().map(row -> new Object[] {row[0], row[1]}).toList();
        TrainingData data = new TrainingData(output.task(), pipeline.transform(inputs), targets, output.classes());
        GradientBoostingModel model = fit(data, Map.of("trees", "10"));

        LoadedModel loaded =
                ModelArtifacts.load(Fixtures.artifact(GradientBoosting.NAME, INPUTS, output, pipeline, model));

        Predictions predictions = loaded.predict(rows);
        for (int row = 0; row < rows.length; row++) {
            double[] expected = new double[model.outputCount()];
            model.predict(pipeline.transform(rows[row], row), expected);
            switch (output.task()) {
                case REGRESSION -> assertThat(predictions.values()[row]).isEqualTo(expected[0]);
                case CLASSIFICATION -> assertThat(predictions.probabilities()[row]).containsExactly(expected);
            }
        }
    }

    private static void assertThatLocallyAccurate(GradientBoostingModel model, double[][] rows) {
        int outputs = model.outputCount();
        double[][] contributions = new double[outputs][model.featureCount() + 1];
        double[] margins = new double[outputs];
        double[] bases = null;
        for (double[] row : rows) {
            model.contributions(row, contributions);
            model.margins(row, margins);
            for (int output = 0; output < outputs; output++) {
                double sum = Arrays.stream(contributions[output]).sum();
                assertThat(sum).as("output %d", output).isCloseTo(margins[output], within(1e-4));
            }
            double[] rowBases = Arrays.stream(contributions).mapToDouble(values -> values[values.length - 1]).toArray();
            if (bases == null) {
                bases = rowBases;
            }
            assertThat(rowBases).as("base values are the same for every row").containsExactly(bases);
        }
    }

    private GradientBoostingModel fit(TrainingData data, Map<String, String> parameters) {
        return fit(data, parameters, 1);
    }

    private GradientBoostingModel fit(TrainingData data, Map<String, String> parameters, long seed) {
        TrainingContext context = new TrainingContext(seed, Fixtures.QUIET.progress(), () -> false);
        return (GradientBoostingModel) algorithm.fit(data, parameters, context);
    }

    private static FittedPipeline pipeline() {
        return FittedPipeline.fit(INPUTS, List.of(new Object[] {-1.0, -1.0}, new Object[] {1.0, 1.0}));
    }

    private static double accuracy(FittedModel model, TrainingData test) {
        int[] labels = Arrays.stream(test.targets()).mapToInt(target -> (int) target).toArray();
        return Metrics.classification(labels, probabilities(model, test.features())).get("accuracy");
    }

    private static double[][] probabilities(FittedModel model, double[][] features) {
        double[][] probabilities = new double[features.length][model.outputCount()];
        for (int row = 0; row < features.length; row++) {
            model.predict(features[row], probabilities[row]);
        }
        return probabilities;
    }

    /** y = 1 where x1 and x2 have the same sign, x uniform in [-1, 1]². */
    private static TrainingData xor(int rows, long seed) {
        return data(xorRows(rows, seed), Task.CLASSIFICATION, BINARY);
    }

    private static List<Object[]> xorRows(int rows, long seed) {
        Random random = new Random(seed);
        List<Object[]> result = new ArrayList<>();
        for (int row = 0; row < rows; row++) {
            double x1 = 2 * random.nextDouble() - 1;
            double x2 = 2 * random.nextDouble() - 1;
            result.add(new Object[] {x1, x2, x1 * x2 > 0 ? 1.0 : 0.0});
        }
        return result;
    }

    /** Class by distance from the origin: below 0.5, below 1, beyond; x uniform in [-1.5, 1.5]². */
    private static TrainingData rings(int rows, long seed) {
        return data(ringRows(rows, seed), Task.CLASSIFICATION, RINGS);
    }

    private static List<Object[]> ringRows(int rows, long seed) {
        Random random = new Random(seed);
        List<Object[]> result = new ArrayList<>();
        for (int row = 0; row < rows; row++) {
            double x1 = 3 * random.nextDouble() - 1.5;
            double x2 = 3 * random.nextDouble() - 1.5;
            double radius = Math.hypot(x1, x2);
            result.add(new Object[] {x1, x2, radius < 0.5 ? 0.0 : radius < 1 ? 1.0 : 2.0});
        }
        return result;
    }

    /** y = sin(3 x1) + x2² + N(0, 0.1²), x uniform in [-1, 1]². */
    private static TrainingData wave(int rows, long seed) {
        return data(waveRows(rows, seed), Task.REGRESSION, List.of());
    }

    private static List<Object[]> waveRows(int rows, long seed) {
        Random random = new Random(seed);
        List<Object[]> result = new ArrayList<>();
        for (int row = 0; row < rows; row++) {
            double x1 = 2 * random.nextDouble() - 1;
            double x2 = 2 * random.nextDouble() - 1;
            result.add(new Object[] {x1, x2, Math.sin(3 * x1) + x2 * x2 + 0.1 * random.nextGaussian()});
        }
        return result;
    }

    private static TrainingData data(List<Object[]> rows, Task task, List<String> classes) {
        double[][] features = rows.stream().map(row -> new double[] {(double) row[0], (double) row[1]})
                .toArray(double[][]::new);
        double[] targets = rows.stream().mapToDouble(row -> (double) row[2]).toArray();
        return new TrainingData(task, features, targets, classes);
    }
}
