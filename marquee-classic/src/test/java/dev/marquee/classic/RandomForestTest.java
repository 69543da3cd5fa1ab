package dev.marquee.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.assertj.core.api.Assertions.within;

import dev.marquee.core.Column;
import dev.marquee.core.ColumnType;
import dev.marquee.core.FittedModel;
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
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RandomForestTest {
    private final RandomForest algorithm = new RandomForest();

    @Test
    void averagesItsTreesIntoProbabilities() {
        TrainingData training = TreeFixtures.mixed(Task.CLASSIFICATION, 600, 21);
        TrainingData test = TreeFixtures.mixed(Task.CLASSIFICATION, 300, 22);

        RandomForestModel forest = fit(training, Map.of("trees", "20"));

        assertThat(forest.trees()).hasSize(20);
        double[] output = new double[3];
        double[] treeOutput = new double[3];
        forest.predict(test.features()[0], output);
        double[] mean = new double[3];
        for (Tree tree : forest.trees()) {
            new DecisionTreeModel(4, tree).predict(test.features()[0], treeOutput);
            for (int label = 0; label < 3; label++) {
                mean[label] += treeOutput[label] / 20;
            }
        }
        assertThat(output).containsExactly(mean, within(1e-12));
        assertThat(output[0] + output[1] + output[2]).isCloseTo(1, within(1e-12));
        DecisionTreeModel single = (DecisionTreeModel) new DecisionTree().fit(training, Map.of(), Fixtures.QUIET);
        assertThat(TreeFixtures.accuracy(forest, test)).isGreaterThan(TreeFixtures.accuracy(single, test));
    }

    @Test
    void regressesTheStepAndSmoothFunctions() {
        TrainingData step = TreeFixtures.step(300, 23);
        TrainingData training = TreeFixtures.mixed(Task.REGRESSION, 600, 24);
        TrainingData test = TreeFixtures.mixed(Task.REGRESSION, 300, 25);

        RandomForestModel stepForest = fit(step, Map.of("trees", "10"));
        RandomForestModel forest = fit(training, Map.of("trees", "20"));

        assertThat(Fixtures.predictAll(stepForest, new double[][] {{0.1, 0.5}, {0.9, 0.5}})).containsExactly(1, 5);
        FittedModel single = new DecisionTree().fit(training, Map.of(), Fixtures.QUIET);
        double r2 = Metrics.regression(test.targets(), Fixtures.predictAll(forest, test.features())).get("r2");
        double singleR2 = Metrics.regression(test.targets(), Fixtures.predictAll(single, test.features())).get("r2");
        assertThat(r2).isGreaterThan(0.7).isGreaterThan(singleR2);
    }

    @Test
    void considersSqrtOfTheFeaturesForClassificationAndAllForRegressionByDefault() {
        TrainingData classes = TreeFixtures.mixed(Task.CLASSIFICATION, 200, 26);
        // Continuous features, so no two splits tie and the random order features are visited in cannot matter.
        java.util.SplittableRandom random = new java.util.SplittableRandom(26);
        double[][] features = new double[200][5];
        double[] targets = new double[200];
        for (int row = 0; row < 200; row++) {
            for (int column = 0; column < 5; column++) {
                features[row][column] = random.nextGaussian();
            }
            targets[row] = features[row][0] + 2 * features[row][1] + 0.1 * random.nextGaussian();
        }
        TrainingData values = new TrainingData(Task.REGRESSION, features, targets, java.util.List.of());
        Map<String, String> unsampled = Map.of("trees", "3", "bootstrap", "false");
        // Shallow, so that every split is among many rows and no two splits tie.
        Map<String, String> shallow = Map.of("trees", "3", "bootstrap", "false", "max_depth", "3");

        RandomForestModel classifier = fit(classes, unsampled);
        RandomForestModel regressor = fit(values, shallow);

        // Without bootstrap, trees differ only through the features drawn per split: all features give equal trees.
        assertThat(classifier.trees().get(1).features()).isNotEqualTo(classifier.trees().get(0).features());
        assertThat(regressor.trees().get(1).features()).containsExactly(regressor.trees().get(0).features());
        assertThat(regressor.trees().get(1).thresholds()).containsExactly(regressor.trees().get(0).thresholds());
    }

    @Test
    void growsTheSameForestForASeedWhateverTheThreads() {
        TrainingData data = TreeFixtures.mixed(Task.CLASSIFICATION, 300, 27);
        TrainingContext other = new TrainingContext(2, (fraction, message) -> {}, () -> false);

        RandomForestModel first = fit(data, Map.of("trees", "8"));
        RandomForestModel second = fit(data, Map.of("trees", "8"));
        RandomForestModel reseeded = (RandomForestModel) algorithm.fit(data, Map.of("trees", "8"), other);

        for (int index = 0; index < 8; index++) {
            Tree tree = first.trees().get(index);
            assertThat(second.trees().get(index).features()).containsExactly(tree.features());
            assertThat(second.trees().get(index).thresholds()).containsExactly(tree.thresholds());
            assertThat(second.trees().get(index).values()).containsExactly(tree.values());
            assertThat(second.trees().get(index).covers()).containsExactly(tree.covers());
        }
        assertThat(reseeded.trees().getFirst().covers()).isNotEqualTo(first.trees().getFirst().covers());
    }

    @Test
    void explainsPredictionsAsTheMeanOfItsTreesWithLocalAccuracy() {
        TrainingData classes = TreeFixtures.mixed(Task.CLASSIFICATION, 300, 28);
        TrainingData values = TreeFixtures.mixed(Task.REGRESSION, 300, 29);

        RandomForestModel classifier = fit(classes, Map.of("trees", "5"));
        RandomForestModel regressor = fit(values, Map.of("trees", "5", "max_depth", "8"));

        double[][] probe = TreeFixtures.mixed(Task.REGRESSION, 30, 30).features();
        assertThat(TreeFixtures.largestLocalAccuracyError(classifier, probe)).isLessThan(1e-9);
        assertThat(TreeFixtures.largestLocalAccuracyError(regressor, probe)).isLessThan(1e-9);
        double[][] forest = new double[1][5];
        double[][] tree = new double[1][5];
        double[][] mean = new double[1][5];
        regressor.contributions(probe[0], forest);
        for (Tree each : regressor.trees()) {
            new DecisionTreeModel(4, each).contributions(probe[0], tree);
            for (int feature = 0; feature < 5; feature++) {
                mean[0][feature] += tree[0][feature] / 5;
            }
        }
        assertThat(forest[0]).containsExactly(mean[0], within(1e-12));
    }

    @Test
    void rejectsUnknownOrOutOfRangeParameters() {
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("n_estimators", "10")))
                .isInstanceOf(MarqueeException.class)
                .hasMessage("unknown parameter 'n_estimators' for random_forest; known parameters are [bootstrap, "
                        + "max_bins, max_depth, max_features, min_impurity_decrease, min_samples_leaf, "
                        + "min_samples_split, trees]");
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("trees", "0")))
                .hasMessage("parameter 'trees' of random_forest must be between 1 and 10000, was 0");
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("bootstrap", "yes")))
                .hasMessage("parameter 'bootstrap' of random_forest must be true or false, was 'yes'");
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("max_features", "0")))
                .hasMessage("parameter 'max_features' of random_forest must be sqrt, log2, auto, a count >= 1 or a "
                        + "fraction in (0, 1], was '0'");
        assertThat(algorithm.resolveParameters(Map.of("bootstrap", "FALSE", "max_features", "0.5"))).isEqualTo(Map.of(
                "max_depth", "64",
                "min_samples_split", "2",
                "min_samples_leaf", "1",
                "max_features", "0.5",
                "max_bins", "255",
                "min_impurity_decrease", "0.0",
                "trees", "100",
                "bootstrap", "false"));
        assertThat(algorithm.resolveParameters(Map.of()))
                .containsEntry("max_features", "auto")
                .containsEntry("bootstrap", "true");
    }

    @Test
    void reportsOneProgressStepPerTreeEndingAtOne() {
        List<Double> fractions = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        TrainingContext context = new TrainingContext(1, (fraction, message) -> {
            synchronized (fractions) {
                fractions.add(fraction);
                messages.add(message);
            }
        }, () -> false);

        algorithm.fit(TreeFixtures.mixed(Task.CLASSIFICATION, 200, 31), Map.of("trees", "6"), context);

        assertThat(fractions).hasSize(8).isSorted().last().isEqualTo(1.0);
        assertThat(messages.get(1)).matches("tree 1/6 grown: \\d+ leaves, depth \\d+");
        assertThat(messages.get(6)).startsWith("tree 6/6 grown");
    }

    @Test
    void stopsAllTreesOnceCancelled() {
        AtomicInteger checks = new AtomicInteger();
        TrainingContext context =
                new TrainingContext(1, (fraction, message) -> {}, () -> checks.incrementAndGet() > 50);

        assertThatThrownBy(() -> algorithm.fit(TreeFixtures.mixed(Task.CLASSIFICATION, 2_000, 32), Map.of(), context))
                .isInstanceOf(CancellationException.class);
        assertThat(checks.get()).isLessThan(1_000);
    }

    @Test
    void roundTripsThroughAnArtifactWithItsPipeline() {
        List<Column> inputs = List.of(new Column("x", ColumnType.NUMERIC), new Column("noise", ColumnType.NUMERIC));
        TrainingData raw = TreeFixtures.step(200, 33);
        List<Object[]> rows = new ArrayList<>();
        for (double[] features : raw.features()) {
            rows.add(new Object[] {features[0], features[1]});
        }
        FittedPipeline pipeline = FittedPipeline.fit(inputs, rows);
        RandomForestModel model = fit(
                new TrainingData(Task.REGRESSION, pipeline.transform(rows), raw.targets(), List.of()),
                Map.of("trees", "5"));

        LoadedModel loaded = ModelArtifacts.load(
                Fixtures.artifact(RandomForest.NAME, inputs, Fixtures.regression("y"), pipeline, model));

        Object[][] probe = rows.subList(0, 20).toArray(Object[][]::new);
        double[] predictions = loaded.predict(probe).values();
        for (int row = 0; row < probe.length; row++) {
            double[] features = pipeline.transform(probe[row], row);
            assertThat(predictions[row]).isEqualTo(Fixtures.predictAll(model, new double[][] {features})[0]);
        }
    }

    @Test
    void classifiesIrisAndWineAccurately() {
        for (String file : List.of("iris.csv", "wine.csv")) {
            Optional<TrainingData> data = TreeFixtures.sklearnClassification(file, 3);
            assumeThat(data).as("scikit-learn data under " + TreeFixtures.SKLEARN_DATA).isPresent();
            TrainingData all = data.orElseThrow();
            List<double[]> trainFeatures = new ArrayList<>();
            List<double[]> testFeatures = new ArrayList<>();
            List<Double> trainTargets = new ArrayList<>();
            List<Double> testTargets = new ArrayList<>();
            for (int row = 0; row < all.rowCount(); row++) {
                boolean test = row % 4 == 0;
                (test ? testFeatures : trainFeatures).add(all.features()[row]);
                (test ? testTargets : trainTargets).add(all.targets()[row]);
            }
            TrainingData training = new TrainingData(Task.CLASSIFICATION, trainFeatures.toArray(double[][]::new),
                    trainTargets.stream().mapToDouble(Double::doubleValue).toArray(), all.classes());
            TrainingData test = new TrainingData(Task.CLASSIFICATION, testFeatures.toArray(double[][]::new),
                    testTargets.stream().mapToDouble(Double::doubleValue).toArray(), all.classes());

            RandomForestModel forest = fit(training, Map.of("trees", "30"));

            assertThat(TreeFixtures.accuracy(forest, test)).as(file).isGreaterThanOrEqualTo(0.9);
        }
    }

    private RandomForestModel fit(TrainingData data, Map<String, String> parameters) {
        return (RandomForestModel) algorithm.fit(data, parameters, Fixtures.QUIET);
    }
}
