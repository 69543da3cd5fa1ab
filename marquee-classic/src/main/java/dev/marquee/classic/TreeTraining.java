package dev.marquee.classic;

import dev.marquee.core.Task;
import dev.marquee.core.TrainingData;
import java.util.SplittableRandom;

/**
 * Training rows prepared for growing trees: every feature binned once, shared read-only by all trees of a forest.
 *
 * @param bins the bin edges
 * @param columns the bin of every row, column-major
 * @param targets class indexes, or values for regression
 * @param classCount the number of classes, 0 for regression
 */
record TreeTraining(FeatureBins bins, byte[][] columns, double[] targets, int classCount) {
    static TreeTraining prepare(TrainingData data, int maxBins, long seed) {
        FeatureBins bins = FeatureBins.fit(data.features(), data.featureCount(), maxBins, seed);
        int classCount = switch (data.task()) {
            case CLASSIFICATION -> data.classCount();
            case REGRESSION -> 0;
        };
        return new TreeTraining(bins, bins.binColumns(data.features()), data.targets(), classCount);
    }

    int rowCount() {
        return targets.length;
    }

    Task task() {
        return classCount == 0 ? Task.REGRESSION : Task.CLASSIFICATION;
    }

    /** A builder for one tree on the rows with a positive weight. */
    TreeBuilder builder(
            double[] weights,
            TreeParameters parameters,
            int maxFeatures,
            SplittableRandom random,
            Runnable cancellation,
            TreeBuilder.Progress progress) {
        int inBag = 0;
        for (double weight : weights) {
            if (weight > 0) {
                inBag++;
            }
        }
        int[] rows = new int[inBag];
        int next = 0;
        for (int row = 0; row < weights.length; row++) {
            if (weights[row] > 0) {
                rows[next++] = row;
            }
        }
        return new TreeBuilder(
                columns, bins, targets, classCount, weights, rows, parameters, maxFeatures, random, cancellation,
                progress);
    }
}
