package dev.marquee.classic;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.ExplainableModel;
import java.util.Arrays;
import java.util.List;

/**
 * A fitted random forest: the prediction is the mean of its trees' predictions, class probabilities (two or more
 * outputs) or a regression value (one output), as in scikit-learn. Its SHAP values, on the {@code probability} or
 * {@code value} scale, are the mean of its trees' exact path-dependent TreeSHAP values. Immutable and thread-safe.
 * Its JSON shape ({@code featureCount}, {@code trees}: see {@link Tree}) is part of the artifact format.
 *
 * @param featureCount the length of the feature vectors it scores; splits use only features below it
 * @param trees at least one, all with the same number of outputs
 * @throws IllegalArgumentException from the constructor when a tree is malformed, splits on a feature at or above
 *     {@code featureCount}, or the trees disagree on their outputs or have two or more that are not probabilities
 */
public record RandomForestModel(int featureCount, List<Tree> trees) implements ExplainableModel {
    public RandomForestModel {
        trees = List.copyOf(requireNonNull(trees, "trees is null"));
        if (featureCount < 0) {
            throw new IllegalArgumentException("featureCount must not be negative: " + featureCount);
        }
        if (trees.isEmpty()) {
            throw new IllegalArgumentException("a forest needs at least one tree");
        }
        int outputs = trees.getFirst().outputCount();
        for (Tree tree : trees) {
            if (tree.outputCount() != outputs) {
                throw new IllegalArgumentException(
                        "trees differ in their outputs: %d and %d".formatted(outputs, tree.outputCount()));
            }
            tree.requireFeaturesBelow(featureCount);
            if (outputs > 1) {
                tree.requireProbabilities();
            }
        }
    }

    @Override
    public int outputCount() {
        return trees.getFirst().outputCount();
    }

    @Override
    public void predict(double[] features, double[] output) {
        int outputs = outputCount();
        Arrays.fill(output, 0, outputs, 0);
        for (int index = 0; index < trees.size(); index++) {
            Tree tree = trees.get(index);
            int at = tree.leaf(features) * outputs;
            for (int value = 0; value < outputs; value++) {
                output[value] += tree.values()[at + value];
            }
        }
        for (int index = 0; index < outputs; index++) {
            output[index] /= trees.size();
        }
    }

    @Override
    public String contributionMethod() {
        return "tree_shap";
    }

    @Override
    public String contributionScale() {
        return outputCount() == 1 ? "value" : "probability";
    }

    @Override
    public void contributions(double[] features, double[][] contributions) {
        for (double[] row : contributions) {
            Arrays.fill(row, 0);
        }
        double share = 1.0 / trees.size();
        for (Tree tree : trees) {
            TreeShap.add(tree, features, contributions, share);
        }
    }
}
