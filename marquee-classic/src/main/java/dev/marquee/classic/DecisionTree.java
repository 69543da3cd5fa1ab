package dev.marquee.classic;

import dev.marquee.core.Algorithm;
import dev.marquee.core.FittedModel;
import dev.marquee.core.ParameterReader;
import dev.marquee.core.Task;
import dev.marquee.core.TrainingContext;
import dev.marquee.core.TrainingData;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * {@code decision_tree}: a CART classification or regression tree, grown on quantile histograms of the features
 * (see {@link TreeBuilder}), which is what makes millions of rows take seconds rather than minutes. Classification
 * splits minimise Gini impurity and leaves hold class probabilities; regression splits minimise squared error and
 * leaves hold the mean. On features with at most {@code max_bins} distinct values it finds the same splits as
 * scikit-learn's exact {@code DecisionTreeClassifier} and {@code DecisionTreeRegressor}, up to ties and the
 * features drawn at random.
 *
 * <p>Parameters, with scikit-learn's defaults:
 * <ul>
 *   <li>{@code max_depth} (1 to 64, default 64): the most splits from the root to a leaf; 64 stands for
 *       scikit-learn's unlimited depth.
 *   <li>{@code min_samples_split} (≥ 2, default 2): a node with fewer rows is a leaf.
 *   <li>{@code min_samples_leaf} (≥ 1, default 1): each side of a split keeps at least this many rows.
 *   <li>{@code max_features} (default 1.0, all): features each split considers, drawn at random per node:
 *       {@code sqrt}, {@code log2}, a count, or a fraction such as {@code 0.5}.
 *   <li>{@code max_bins} (2 to 256, default 255): histogram bins per feature, placed at the quantiles of the
 *       training values (of a seeded sample of {@value FeatureBins#SAMPLE_ROWS} rows when there are more).
 *   <li>{@code min_impurity_decrease} (≥ 0, default 0): a split must lower the weighted impurity by this much.
 * </ul>
 * The training seed picks the binning sample and the features drawn per node, so a fit replays exactly. Progress
 * covers binning, then the share of the training rows already in leaves (see {@link TreeBuilder.Progress}); the
 * cancellation signal is checked at every node.
 */
public final class DecisionTree implements Algorithm {
    public static final String NAME = "decision_tree";

    /** The share of the progress that binning the features takes. */
    private static final double BINNING_SHARE = 0.1;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Task> tasks() {
        return Set.of(Task.CLASSIFICATION, Task.REGRESSION);
    }

    @Override
    public Map<String, String> resolveParameters(Map<String, String> parameters) {
        return ParameterReader.resolve(NAME, parameters, DecisionTree::settings);
    }

    @Override
    public FittedModel fit(TrainingData data, Map<String, String> parameters, TrainingContext context) {
        TreeParameters settings = ParameterReader.read(NAME, parameters, DecisionTree::settings);
        int maxFeatures = settings.maxFeatures().resolve(NAME, data.task(), data.featureCount());
        context.checkCancelled();

        TreeTraining training = TreeTraining.prepare(data, settings.maxBins(), context.seed());
        context.progress().progress(BINNING_SHARE, "binned %d features of %d rows".formatted(
                data.featureCount(), data.rowCount()));
        double[] weights = new double[data.rowCount()];
        Arrays.fill(weights, 1);
        TreeBuilder builder = training.builder(
                weights,
                settings,
                maxFeatures,
                new SplittableRandom(context.seed()),
                context::checkCancelled,
                (settledShare, leaves, depth) -> context.progress().progress(
                        BINNING_SHARE + (1 - BINNING_SHARE) * settledShare,
                        "%.0f%% of rows in leaves: %d leaves, depth %d".formatted(100 * settledShare, leaves, depth)));
        Tree tree = builder.grow();
        context.progress().progress(1, "grew %d leaves, depth %d".formatted(builder.leafCount(), builder.depth()));
        return new DecisionTreeModel(data.featureCount(), tree);
    }

    @Override
    public Class<DecisionTreeModel> modelType() {
        return DecisionTreeModel.class;
    }

    private static TreeParameters settings(ParameterReader reader) {
        return TreeParameters.read(reader, TreeParameters.MaxFeatures.ALL, false);
    }
}
