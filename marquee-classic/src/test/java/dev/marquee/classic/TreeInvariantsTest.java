package dev.marquee.classic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marquee.core.ExplainableModel;
import dev.marquee.core.FittedModel;
import dev.marquee.core.Task;
import dev.marquee.core.TrainingData;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Invariants of every fitted tree, checked across the parameter space of both tree algorithms and both tasks. */
class TreeInvariantsTest {
    @ParameterizedTest
    @CsvSource({
        "decision_tree, CLASSIFICATION, 64, 1, 2, 1.0, 255, false",
        "decision_tree, REGRESSION, 64, 1, 2, 1.0, 255, false",
        "decision_tree, CLASSIFICATION, 3, 5, 2, sqrt, 8, false",
        "decision_tree, REGRESSION, 5, 2, 20, log2, 2, false",
        "decision_tree, CLASSIFICATION, 64, 1, 2, 2, 16, false",
        "random_forest, CLASSIFICATION, 64, 1, 2, auto, 255, true",
        "random_forest, REGRESSION, 64, 3, 2, auto, 255, true",
        "random_forest, CLASSIFICATION, 4, 1, 10, 0.5, 32, false",
        "random_forest, REGRESSION, 6, 1, 2, 3, 4, true",
    })
    void everyTreeKeepsItsInvariants(
            String algorithm,
            Task task,
            int maxDepth,
            int minSamplesLeaf,
            int minSamplesSplit,
            String maxFeatures,
            int maxBins,
            boolean bootstrapped) {
        TrainingData data = TreeFixtures.mixed(task, 250, maxDepth * 31L + maxBins);
        Map<String, String> parameters = new HashMap<>(Map.of(
                "max_depth", Integer.toString(maxDepth),
                "min_samples_leaf", Integer.toString(minSamplesLeaf),
                "min_samples_split", Integer.toString(minSamplesSplit),
                "max_features", maxFeatures,
                "max_bins", Integer.toString(maxBins)));
        if (algorithm.equals(RandomForest.NAME)) {
            parameters.put("trees", "4");
            parameters.put("bootstrap", Boolean.toString(bootstrapped));
        }

        FittedModel model = (algorithm.equals(DecisionTree.NAME) ? new DecisionTree() : new RandomForest())
                .fit(data, parameters, Fixtures.QUIET);

        List<Tree> trees = model instanceof RandomForestModel forest
                ? forest.trees()
                : List.of(((DecisionTreeModel) model).tree());
        for (Tree tree : trees) {
            assertThat(tree.depth()).isLessThanOrEqualTo(maxDepth);
            assertThat(tree.outputCount()).isEqualTo(task == Task.CLASSIFICATION ? 3 : 1);
            assertThat(tree.covers()[0]).isEqualTo(data.rowCount());
            for (int node = 0; node < tree.nodeCount(); node++) {
                if (!tree.isLeaf(node)) {
                    assertThat(tree.covers()[node]).isGreaterThanOrEqualTo(minSamplesSplit);
                }
                if (!bootstrapped) {
                    assertThat(tree.covers()[node]).isGreaterThanOrEqualTo(minSamplesLeaf);
                }
            }
        }
        assertThat(TreeFixtures.largestLocalAccuracyError((ExplainableModel) model, data.features())).isLessThan(1e-9);
    }
}
