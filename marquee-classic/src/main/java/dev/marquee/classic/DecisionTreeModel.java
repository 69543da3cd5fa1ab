package dev.marquee.classic;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.ExplainableModel;
import java.util.Arrays;

/**
 * A fitted decision tree: the prediction is the value of the leaf a feature vector lands in, class probabilities
 * (two or more outputs) or a regression value (one output). Explained by exact path-dependent TreeSHAP on the
 * {@code probability} or {@code value} scale. Immutable and thread-safe. Its JSON shape ({@code featureCount},
 * {@code tree}: see {@link Tree}) is part of the artifact format.
 *
 * @param featureCount the length of the feature vectors it scores; splits use only features below it
 * @throws IllegalArgumentException from the constructor when the tree is malformed, splits on a feature at or above
 *     {@code featureCount}, or has two or more outputs that are not probabilities
 */
public record DecisionTreeModel(int featureCount, Tree tree) implements ExplainableModel {
    public DecisionTreeModel {
        requireNonNull(tree, "tree is null");
        if (featureCount < 0) {
            throw new IllegalArgumentException("featureCount must not be negative: " + featureCount);
        }
        tree.requireFeaturesBelow(featureCount);
        if (tree.outputCount() > 1) {
            tree.requireProbabilities();
        }
    }

    @Override
    public int outputCount() {
        return tree.outputCount();
    }

    @Override
    public void predict(double[] features, double[] output) {
        int outputs = tree.outputCount();
        System.arraycopy(tree.values(), tree.leaf(features) * outputs, output, 0, outputs);
    }

    @Override
    public String contributionMethod() {
        return "tree_shap";
    }

    @Override
    public String contributionScale() {
        return tree.outputCount() == 1 ? "value" : "probability";
    }

    @Override
    public void contributions(double[] features, double[][] contributions) {
        for (double[] row : contributions) {
            Arrays.fill(row, 0);
        }
        TreeShap.add(tree, features, contributions, 1);
    }
}
