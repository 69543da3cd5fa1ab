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
import dev.marquee.core.Json;
import dev.marquee.core.LoadedModel;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.ModelArtifacts;
import dev.marquee.core.OutputSchema;
import dev.marquee.core.Predictions;
import dev.marquee.core.Task;
import dev.marquee.core.TrainingContext;
import dev.marquee.core.TrainingData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class DecisionTreeTest {
    private final DecisionTree algorithm = new DecisionTree();

    @Test
    void learnsXorThatLogisticRegressionCannot() {
        TrainingData training = TreeFixtures.xor(1_000, 1);
        TrainingData test = TreeFixtures.xor(500, 2);

        DecisionTreeModel tree = fit(training, Map.of());
        var linear = new LogisticRegression().fit(training, Map.of(), Fixtures.QUIET);

        assertThat(TreeFixtures.accuracy(tree, test)).isGreaterThan(0.95);
        assertThat(TreeFixtures.accuracy(linear, test)).isLessThan(0.7);
    }

    @Test
    void fitsAStepFunctionWithOneSplit() {
        TrainingData training = TreeFixtures.step(300, 3);

        DecisionTreeModel model = fit(training, Map.of());

        assertThat(model.tree().nodeCount()).isEqualTo(3);
        assertThat(model.tree().features()[0]).isZero();
        assertThat(model.tree().thresholds()[0]).isCloseTo(0.3, within(0.01));
        assertThat(Fixtures.predictAll(model, new double[][] {{0.1, 0.9}, {0.29, 0.1}, {0.31, 0.5}, {0.9, 0.2}}))
                .containsExactly(1, 1, 5, 5);
    }

    @Test
    void findsAStepOnTargetsFarFromZero() {
        TrainingData step = TreeFixtures.step(300, 3);
        double[] shifted = step.targets().clone();
        for (int row = 0; row < shifted.length; row++) {
            shifted[row] = 1e9 + shifted[row] / 1000;
        }

        DecisionTreeModel model =
                fit(new TrainingData(Task.REGRESSION, step.features(), shifted, List.of()), Map.of("max_depth", "1"));

        assertThat(model.tree().features()[0]).isZero();
        assertThat(model.tree().thresholds()[0]).isCloseTo(0.3, within(0.01));
    }

    @Test
    void splitsHalfwayBetweenValuesLikeExactCart() {
        TrainingData data = new TrainingData(
                Task.CLASSIFICATION, new double[][] {{4}, {1}, {3}, {2}}, new double[] {1, 0, 1, 0}, TreeFixtures.BINARY);

        Tree tree = fit(data, Map.of()).tree();

        assertThat(tree.thresholds()).containsExactly(2.5, 0, 0);
        assertThat(tree.covers()).containsExactly(4, 2, 2);
        assertThat(tree.values()).containsExactly(0.5, 0.5, 1, 0, 0, 1);
    }

    @Test
    void honoursMaxDepth() {
        DecisionTreeModel model = fit(TreeFixtures.mixed(Task.CLASSIFICATION, 500, 4), Map.of("max_depth", "3"));

        assertThat(model.tree().depth()).isEqualTo(3);
    }

    @Test
    void honoursMinSamplesLeafAndMinSamplesSplit() {
        TrainingData data = TreeFixtures.mixed(Task.REGRESSION, 500, 5);

        Tree leafy = fit(data, Map.of("min_samples_leaf", "25")).tree();
        Tree split = fit(data, Map.of("min_samples_split", "60")).tree();

        for (int node = 0; node < leafy.nodeCount(); node++) {
            assertThat(leafy.covers()[node]).isGreaterThanOrEqualTo(25);
        }
        assertThat(leafy.leafCount()).isGreaterThan(5);
        for (int node = 0; node < split.nodeCount(); node++) {
            if (!split.isLeaf(node)) {
                assertThat(split.covers()[node]).isGreaterThanOrEqualTo(60);
            }
        }
    }

    @Test
    void stopsSplittingBelowMinImpurityDecrease() {
        TrainingData data = TreeFixtures.mixed(Task.CLASSIFICATION, 300, 6);

        Tree full = fit(data, Map.of()).tree();
        Tree pruned = fit(data, Map.of("min_impurity_decrease", "0.02")).tree();

        assertThat(pruned.leafCount()).isBetween(2, full.leafCount() / 4);
    }

    @Test
    void growsPureLeavesByDefault() {
        TrainingData data = TreeFixtures.mixed(Task.CLASSIFICATION, 300, 7);

        DecisionTreeModel model = fit(data, Map.of());

        assertThat(TreeFixtures.accuracy(model, data)).isEqualTo(1.0);
    }

    @Test
    void fitsDeterministicallyForASeed() {
        TrainingData data = TreeFixtures.mixed(Task.CLASSIFICATION, 400, 8);
        Map<String, String> parameters = Map.of("max_features", "sqrt");

        Tree first = fit(data, parameters).tree();
        Tree second = fit(data, parameters).tree();

        assertThat(second.features()).containsExactly(first.features());
        assertThat(second.thresholds()).containsExactly(first.thresholds());
        assertThat(second.values()).containsExactly(first.values());
    }

    @Test
    void growsASingleLeafWithoutFeatures() {
        TrainingData data = new TrainingData(
                Task.REGRESSION, new double[][] {{}, {}, {}}, new double[] {1, 2, 6}, List.of());

        DecisionTreeModel model = fit(data, Map.of());

        assertThat(model.tree().nodeCount()).isEqualTo(1);
        assertThat(Fixtures.predictAll(model, new double[][] {{}})).containsExactly(3);
    }

    @Test
    void rejectsUnknownOrOutOfRangeParameters() {
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("criterion", "gini")))
                .isInstanceOf(MarqueeException.class)
                .hasMessage("unknown parameter 'criterion' for decision_tree; known parameters are [max_bins, "
                        + "max_depth, max_features, min_impurity_decrease, min_samples_leaf, min_samples_split]");
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("max_depth", "0")))
                .hasMessage("parameter 'max_depth' of decision_tree must be between 1 and 64, was 0");
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("min_samples_leaf", "0")))
                .hasMessage("parameter 'min_samples_leaf' of decision_tree must be >= 1, was 0");
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("max_bins", "300")))
                .hasMessage("parameter 'max_bins' of decision_tree must be between 2 and 256, was 300");
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("max_features", "cube")))
                .hasMessage("parameter 'max_features' of decision_tree must be sqrt, log2, a count >= 1 or a "
                        + "fraction in (0, 1], was 'cube'");
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("max_features", "1.5")))
                .hasMessageStartingWith("parameter 'max_features' of decision_tree must be");
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("max_features", "auto")))
                .hasMessageStartingWith("parameter 'max_features' of decision_tree must be");
        assertThatThrownBy(() -> fit(TreeFixtures.step(10, 1), Map.of("max_features", "3")))
                .hasMessage("parameter 'max_features' of decision_tree must be at most the feature count 2, was 3");
        assertThat(algorithm.resolveParameters(Map.of("max_features", " LOG2 "))).isEqualTo(Map.of(
                "max_depth", "64",
                "min_samples_split", "2",
                "min_samples_leaf", "1",
                "max_features", "log2",
                "max_bins", "255",
                "min_impurity_decrease", "0.0"));
        assertThat(algorithm.resolveParameters(Map.of())).containsEntry("max_features", "1.0");
        assertThat(algorithm.resolveParameters(Map.of("max_features", "2"))).containsEntry("max_features", "2");
    }

    @Test
    void explainsPredictionsWithLocalAccuracy() {
        TrainingData classes = TreeFixtures.mixed(Task.CLASSIFICATION, 400, 9);
        TrainingData values = TreeFixtures.mixed(Task.REGRESSION, 400, 10);

        DecisionTreeModel classifier = fit(classes, Map.of());
        DecisionTreeModel regressor = fit(values, Map.of("max_depth", "12"));

        assertThat(classifier.contributionScale()).isEqualTo("probability");
        assertThat(regressor.contributionScale()).isEqualTo("value");
        double[][] probe = TreeFixtures.mixed(Task.REGRESSION, 50, 11).features();
        assertThat(TreeFixtures.largestLocalAccuracyError(classifier, probe)).isLessThan(1e-9);
        assertThat(TreeFixtures.largestLocalAccuracyError(regressor, probe)).isLessThan(1e-9);
        double[][] contributions = new double[1][5];
        regressor.contributions(probe[0], contributions);
        double mean = java.util.Arrays.stream(values.targets()).average().orElseThrow();
        assertThat(contributions[0][4]).isCloseTo(mean, within(1e-9));
    }

    @Test
    void stopsWhenCancelled() {
        TrainingContext cancelled = new TrainingContext(1, (fraction, message) -> {}, () -> true);

        assertThatThrownBy(() -> algorithm.fit(TreeFixtures.step(50, 1), Map.of(), cancelled))
                .isInstanceOf(CancellationException.class);
    }

    @Test
    void reportsProgressByRowsInLeavesEndingAtOne() {
        List<Double> fractions = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        TrainingContext context = new TrainingContext(1, (fraction, message) -> {
            fractions.add(fraction);
            messages.add(message);
        }, () -> false);

        algorithm.fit(TreeFixtures.mixed(Task.CLASSIFICATION, 2_000, 12), Map.of(), context);

        assertThat(fractions).hasSizeGreaterThan(10).isSorted().last().isEqualTo(1.0);
        assertThat(messages.get(1)).matches("\\d+% of rows in leaves: \\d+ leaves, depth \\d+");
        assertThat(messages.getLast()).matches("grew \\d+ leaves, depth \\d+");
    }

    @Test
    void roundTripsThroughAnArtifactWithItsPipeline() {
        List<Column> inputs = List.of(
                new Column("a", ColumnType.NUMERIC),
                new Column("b", ColumnType.NUMERIC),
                new Column("c", ColumnType.NUMERIC),
                new Column("d", ColumnType.NUMERIC));
        TrainingData raw = TreeFixtures.mixed(Task.CLASSIFICATION, 300, 13);
        List<Object[]> rows = new ArrayList<>();
        for (double[] features : raw.features()) {
            rows.add(new Object[] {features[0], features[1], features[2], features[3]});
        }
        FittedPipeline pipeline = FittedPipeline.fit(inputs, rows);
        DecisionTreeModel model = fit(
                new TrainingData(Task.CLASSIFICATION, pipeline.transform(rows), raw.targets(), raw.classes()),
                Map.of());
        OutputSchema output = new OutputSchema("level", Task.CLASSIFICATION, raw.classes());

        LoadedModel loaded = ModelArtifacts.load(Fixtures.artifact(DecisionTree.NAME, inputs, output, pipeline, model));

        Predictions predictions = loaded.predict(rows.subList(0, 20).toArray(Object[][]::new));
        for (int row = 0; row < 20; row++) {
            double[] expected = new double[3];
            model.predict(pipeline.transform(rows.get(row), row), expected);
            assertThat(predictions.probabilities()[row]).containsExactly(expected);
        }
    }

    @Test
    void rejectsAnArtifactWithAChildOutOfRange() throws Exception {
        List<Column> inputs = List.of(new Column("x", ColumnType.NUMERIC), new Column("noise", ColumnType.NUMERIC));
        TrainingData raw = TreeFixtures.step(100, 14);
        List<Object[]> rows = new ArrayList<>();
        for (double[] features : raw.features()) {
            rows.add(new Object[] {features[0], features[1]});
        }
        FittedPipeline pipeline = FittedPipeline.fit(inputs, rows);
        DecisionTreeModel model = fit(
                new TrainingData(Task.REGRESSION, pipeline.transform(rows), raw.targets(), List.of()), Map.of());
        byte[] artifact = Fixtures.artifact(DecisionTree.NAME, inputs, Fixtures.regression("y"), pipeline, model);
        ObjectMapper mapper = Json.newObjectMapper();
        ObjectNode root = (ObjectNode) mapper.readTree(artifact);
        ((ArrayNode) root.at("/model/tree/leftChildren")).set(0, 99);

        assertThatThrownBy(() -> ModelArtifacts.load(mapper.writeValueAsBytes(root)))
                .isInstanceOfSatisfying(MarqueeException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.DATA_CORRUPTED))
                .hasMessageContaining("child 99 of node 0 is out of range");
    }

    @Test
    void rejectsMalformedTrees() {
        assertThatThrownBy(() -> new Tree(
                        new int[] {0, 0, 0}, new double[3], new int[] {1, 0, 0}, new int[] {1, 0, 0},
                        new double[3], new double[] {2, 1, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("node 1 has more than one parent");
        assertThatThrownBy(() -> new Tree(
                        new int[] {0, 0, 0}, new double[3], new int[] {1, 0, 0}, new int[] {3, 0, 0},
                        new double[3], new double[] {2, 1, 1}))
                .hasMessage("child 3 of node 0 is out of range (0, 3)");
        assertThatThrownBy(() -> new Tree(
                        new int[] {0, 0, 0}, new double[3], new int[] {0, 2, 0}, new int[] {0, 0, 0},
                        new double[3], new double[] {2, 1, 1}))
                .hasMessage("child 0 of node 1 is out of range (1, 3)");
        assertThatThrownBy(() -> new Tree(
                        new int[] {0, 0, 0}, new double[3], new int[] {1, 0, 0}, new int[] {2, 0, 0},
                        new double[3], new double[] {3, 1, 1}))
                .hasMessage("cover of node 0 is 3.0 but its children's add up to 2.0");
        Tree twoClasses = new Tree(new int[] {0}, new double[1], new int[1], new int[1], new double[] {0.5, 0.6},
                new double[] {1});
        assertThatThrownBy(() -> new DecisionTreeModel(1, twoClasses))
                .hasMessage("class probabilities of node 0 add up to 1.1, not 1");
        Tree split = new Tree(new int[] {3, 0, 0}, new double[3], new int[] {1, 0, 0}, new int[] {2, 0, 0},
                new double[3], new double[] {2, 1, 1});
        assertThatThrownBy(() -> new DecisionTreeModel(3, split)).hasMessage("node 0 splits on feature 3 of only 3");
    }

    private DecisionTreeModel fit(TrainingData data, Map<String, String> parameters) {
        return (DecisionTreeModel) algorithm.fit(data, parameters, Fixtures.QUIET);
    }
}
