package dev.marquee.classic;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Grows one CART tree on binned features: Gini impurity for classification, squared error for regression, splits
 * only at bin edges. It grows depth first, so at most two histograms per depth level are alive. A node that considers every
 * feature and is large enough gets a histogram of all features, and its larger child's histogram is the parent's
 * less the smaller child's (the subtraction trick), so each level builds histograms for at most half the rows. Nodes
 * with fewer rows than a feature has bins sort their few rows by bin instead of scanning mostly empty bins.
 *
 * <p>With {@code maxFeatures} below the feature count, each node draws features at random until it has looked at
 * {@code maxFeatures} that vary within it and found a valid split; scikit-learn likewise draws past constant features.
 * Like scikit-learn, a split with no impurity gain is still taken unless {@code min_impurity_decrease} forbids it,
 * {@code min_samples_*} count distinct training rows, and covers and leaf values count a row as often as the
 * bootstrap drew it. One instance grows one tree on one thread.
 */
final class TreeBuilder {
    /**
     * Receives how far growing got, at most once per percent: the share of the rows already in leaves. Growing depth
     * first, a subtree's rows settle when its work is done, so the share tracks the work far better than the depth
     * reached, which says little until the tree is finished.
     */
    interface Progress {
        Progress NONE = (settledShare, leaves, depth) -> {};

        void grown(double settledShare, int leaves, int depth);
    }

    /** Matches scikit-learn's tolerance when comparing an impurity decrease with {@code min_impurity_decrease}. */
    private static final double IMPURITY_TOLERANCE = 10 * Math.ulp(1.0);
    private static final int PROGRESS_STEPS = 100;
    private static final int COUNT = 0;
    private static final int WEIGHT = 1;
    /** First class weight (classification) or the weighted target sum (regression). */
    private static final int TARGET = 2;

    private final byte[][] bins;
    private final FeatureBins featureBins;
    private final int classCount;
    private final int[] rows;
    // The target and weight of rows[index] at the same index, reordered with rows: the histogram loops then read
    // them in order instead of jumping through the full-length arrays once per feature.
    private final double[] rowTargets;
    private final double[] rowWeights;
    /**
     * Regression: the mean target, subtracted from every target in the split statistics so that their squared sums
     * stay small and keep their precision on targets far from 0. Leaf values use the targets as they are.
     */
    private final double targetOffset;
    private final TreeParameters parameters;
    private final int maxFeatures;
    private final SplittableRandom random;
    private final Runnable cancellation;
    private final Progress progress;

    private final int featureCount;
    private final int width;
    private final int outputs;
    private final int[] featureOffsets;
    private final int histogramLength;
    private final boolean subtraction;
    private final int histogramRows;
    private final ArrayDeque<double[]> freeHistograms = new ArrayDeque<>();
    private final double[] scratch;
    private final double[] totals;
    private final double[] left;
    private final int[] sortKeys;
    private final int[] featureOrder;

    private final double rootWeight;
    private final double rootCount;
    private double settledCount;
    private int nextProgressStep = 1;

    private int nodeCount;
    private int leafCount;
    private int deepest;
    private int[] nodeFeatures = new int[16];
    private double[] nodeThresholds = new double[16];
    private int[] leftChildren = new int[16];
    private int[] rightChildren = new int[16];
    private double[] nodeCovers = new double[16];
    private double[] nodeValues;

    // The best split of the node being split.
    private int bestFeature;
    private int bestBin;
    private double bestGain;

    /**
     * @param bins column-major unsigned bins of every training row, from {@link FeatureBins#binColumns}
     * @param targets class indexes, or values for regression
     * @param classCount the number of classes, 0 for regression
     * @param weights how often each training row counts (its bootstrap multiplicity)
     * @param rows the training rows to grow on, each with a positive weight; reordered while growing
     * @param maxFeatures how many non-constant features each split considers, 1 to all
     * @param cancellation throws {@link java.util.concurrent.CancellationException} to stop growing
     */
    TreeBuilder(
            byte[][] bins,
            FeatureBins featureBins,
            double[] targets,
            int classCount,
            double[] weights,
            int[] rows,
            TreeParameters parameters,
            int maxFeatures,
            SplittableRandom random,
            Runnable cancellation,
            Progress progress) {
        this.bins = bins;
        this.featureBins = featureBins;
        this.classCount = classCount;
        this.rows = rows;
        rowTargets = new double[rows.length];
        rowWeights = new double[rows.length];
        for (int index = 0; index < rows.length; index++) {
            rowTargets[index] = targets[rows[index]];
            rowWeights[index] = weights[rows[index]];
        }
        this.parameters = parameters;
        this.maxFeatures = maxFeatures;
        this.random = random;
        this.cancellation = cancellation;
        this.progress = progress;

        featureCount = featureBins.featureCount();
        width = classCount == 0 ? 3 : 2 + classCount;
        outputs = classCount == 0 ? 1 : classCount;
        featureOffsets = new int[featureCount + 1];
        int largestBinCount = 1;
        for (int feature = 0; feature < featureCount; feature++) {
            featureOffsets[feature + 1] = featureOffsets[feature] + featureBins.binCount(feature) * width;
            largestBinCount = Math.max(largestBinCount, featureBins.binCount(feature));
        }
        histogramLength = featureOffsets[featureCount];
        subtraction = maxFeatures == featureCount;
        histogramRows = largestBinCount;
        scratch = new double[featureCount == 0 ? 0 : largestBinCount * width];
        totals = new double[width];
        left = new double[width];
        sortKeys = new int[largestBinCount];
        featureOrder = new int[featureCount];
        for (int feature = 0; feature < featureCount; feature++) {
            featureOrder[feature] = feature;
        }
        nodeValues = new double[16 * outputs];
        double weight = 0;
        double weightedTargets = 0;
        for (int index = 0; index < rows.length; index++) {
            weight += rowWeights[index];
            weightedTargets += rowWeights[index] * rowTargets[index];
        }
        rootWeight = weight;
        targetOffset = classCount == 0 && weight > 0 ? weightedTargets / weight : 0;
        rootCount = rows.length;
    }

    /** Grows the tree. */
    Tree grow() {
        double[] histogram = null;
        if (subtraction && rows.length >= histogramRows) {
            histogram = newHistogram();
            for (int feature = 0; feature < featureCount; feature++) {
                accumulate(histogram, featureOffsets[feature], feature, 0, rows.length);
            }
        }
        grow(0, rows.length, 0, histogram);
        return new Tree(
                Arrays.copyOf(nodeFeatures, nodeCount),
                Arrays.copyOf(nodeThresholds, nodeCount),
                Arrays.copyOf(leftChildren, nodeCount),
                Arrays.copyOf(rightChildren, nodeCount),
                Arrays.copyOf(nodeValues, nodeCount * outputs),
                Arrays.copyOf(nodeCovers, nodeCount));
    }

    int leafCount() {
        return leafCount;
    }

    int depth() {
        return deepest;
    }

    /**
     * Grows the subtree of rows {@code [start, end)}.
     *
     * @param histogram the histogram of all features over these rows, or null to build per feature
     * @return the index of the subtree's root
     */
    private int grow(int start, int end, int depth, double[] histogram) {
        cancellation.run();
        int node = newNode();
        deepest = Math.max(deepest, depth);
        boolean pure = summarise(node, start, end);
        double count = end - start;
        boolean leaf = pure
                || depth >= parameters.maxDepth()
                || count < parameters.minSamplesSplit()
                || count < 2.0 * parameters.minSamplesLeaf()
                || !findSplit(start, end, histogram)
                || bestGain / rootWeight + IMPURITY_TOLERANCE < parameters.minImpurityDecrease();
        if (leaf) {
            release(histogram);
            settle(count);
            return node;
        }
        int feature = bestFeature;
        int bin = bestBin;
        int middle = partition(start, end, feature, bin);

        double[] leftHistogram = null;
        double[] rightHistogram = null;
        if (histogram != null) {
            boolean leftSmaller = middle - start <= end - middle;
            int smallStart = leftSmaller ? start : middle;
            int smallEnd = leftSmaller ? middle : end;
            if (Math.max(middle - start, end - middle) >= histogramRows) {
                double[] small = newHistogram();
                for (int index = 0; index < featureCount; index++) {
                    accumulate(small, featureOffsets[index], index, smallStart, smallEnd);
                }
                for (int index = 0; index < histogramLength; index++) {
                    histogram[index] -= small[index];
                }
                if (smallEnd - smallStart < histogramRows) {
                    release(small);
                    small = null;
                }
                leftHistogram = leftSmaller ? small : histogram;
                rightHistogram = leftSmaller ? histogram : small;
            }
            else {
                release(histogram);
            }
        }
        nodeFeatures[node] = feature;
        nodeThresholds[node] = threshold(feature, bin, middle, end);
        // Growing may replace the node arrays, so store the children only once both are grown.
        int leftChild = grow(start, middle, depth + 1, leftHistogram);
        int rightChild = grow(middle, end, depth + 1, rightHistogram);
        leftChildren[node] = leftChild;
        rightChildren[node] = rightChild;
        return node;
    }

    private int newNode() {
        if (nodeCount == nodeFeatures.length) {
            int capacity = nodeCount * 2;
            nodeFeatures = Arrays.copyOf(nodeFeatures, capacity);
            nodeThresholds = Arrays.copyOf(nodeThresholds, capacity);
            leftChildren = Arrays.copyOf(leftChildren, capacity);
            rightChildren = Arrays.copyOf(rightChildren, capacity);
            nodeCovers = Arrays.copyOf(nodeCovers, capacity);
            nodeValues = Arrays.copyOf(nodeValues, capacity * outputs);
        }
        return nodeCount++;
    }

    /** Fills {@link #totals}, the node's cover and value; returns whether all its rows have the same target. */
    private boolean summarise(int node, int start, int end) {
        Arrays.fill(totals, 0);
        double lowest = Double.POSITIVE_INFINITY;
        double highest = Double.NEGATIVE_INFINITY;
        double weightedTargets = 0;
        for (int index = start; index < end; index++) {
            double weight = rowWeights[index];
            double target = rowTargets[index];
            totals[WEIGHT] += weight;
            if (classCount == 0) {
                totals[TARGET] += weight * (target - targetOffset);
                weightedTargets += weight * target;
            }
            else {
                totals[TARGET + (int) target] += weight;
            }
            lowest = Math.min(lowest, target);
            highest = Math.max(highest, target);
        }
        totals[COUNT] = end - start;
        nodeCovers[node] = totals[WEIGHT];
        if (classCount == 0) {
            nodeValues[node] = weightedTargets / totals[WEIGHT];
        }
        else {
            for (int label = 0; label < classCount; label++) {
                nodeValues[node * outputs + label] = totals[TARGET + label] / totals[WEIGHT];
            }
        }
        return lowest == highest;
    }

    /**
     * The threshold of a split after {@code bin}: midway between the edges that bound the gap this node's rows leave
     * between the left side's highest bin and the right side's lowest, as scikit-learn puts its threshold midway
     * between the two nearest values of the node rather than just above the left one. Every training row of the node
     * falls on the same side either way; unseen values in the gap are shared fairly between the two sides.
     */
    private double threshold(int feature, int bin, int middle, int end) {
        double[] edges = featureBins.thresholds()[feature];
        byte[] column = bins[feature];
        int lowestRight = Integer.MAX_VALUE;
        for (int index = middle; index < end; index++) {
            lowestRight = Math.min(lowestRight, column[rows[index]] & 0xFF);
        }
        if (lowestRight == Integer.MAX_VALUE || lowestRight - 1 <= bin) {
            return edges[bin];
        }
        return edges[bin] / 2 + edges[lowestRight - 1] / 2;
    }

    /** Finds the best split of the node into {@link #bestFeature} and {@link #bestBin}; false when there is none. */
    private boolean findSplit(int start, int end, double[] histogram) {
        bestFeature = -1;
        bestGain = Double.NEGATIVE_INFINITY;
        int rowCount = end - start;
        int considered = 0;
        for (int drawn = 0; drawn < featureCount; drawn++) {
            if (considered >= maxFeatures && bestFeature >= 0) {
                break;
            }
            // Fisher-Yates, one draw at a time, so a node draws only as many features as it looks at. Even when it
            // looks at all of them the order is random, as in scikit-learn: among equally good splits the first one
            // found wins, so ties are broken by the seed rather than always towards the lowest feature index.
            int pick = drawn + random.nextInt(featureCount - drawn);
            int feature = featureOrder[pick];
            featureOrder[pick] = featureOrder[drawn];
            featureOrder[drawn] = feature;
            boolean varies;
            if (histogram != null) {
                varies = scanHistogram(histogram, featureOffsets[feature], feature);
            }
            else if (rowCount >= featureBins.binCount(feature)) {
                Arrays.fill(scratch, 0, featureBins.binCount(feature) * width, 0);
                accumulate(scratch, 0, feature, start, end);
                varies = scanHistogram(scratch, 0, feature);
            }
            else {
                varies = scanSorted(feature, start, end);
            }
            if (varies) {
                considered++;
            }
        }
        return bestFeature >= 0;
    }

    /** Adds the rows {@code [start, end)} to the histogram of a feature starting at {@code offset}. */
    private void accumulate(double[] histogram, int offset, int feature, int start, int end) {
        byte[] column = bins[feature];
        if (classCount == 0) {
            for (int index = start; index < end; index++) {
                int at = offset + (column[rows[index]] & 0xFF) * width;
                double weight = rowWeights[index];
                histogram[at + COUNT] += 1;
                histogram[at + WEIGHT] += weight;
                histogram[at + TARGET] += weight * (rowTargets[index] - targetOffset);
            }
        }
        else {
            for (int index = start; index < end; index++) {
                int at = offset + (column[rows[index]] & 0xFF) * width;
                double weight = rowWeights[index];
                histogram[at + COUNT] += 1;
                histogram[at + WEIGHT] += weight;
                histogram[at + TARGET + (int) rowTargets[index]] += weight;
            }
        }
    }

    /** Considers a split after every occupied bin of a histogram; returns whether the feature varies in the node. */
    private boolean scanHistogram(double[] histogram, int offset, int feature) {
        Arrays.fill(left, 0);
        int binCount = featureBins.binCount(feature);
        int occupied = 0;
        for (int bin = 0; bin < binCount; bin++) {
            int at = offset + bin * width;
            if (histogram[at + COUNT] == 0) {
                continue;
            }
            occupied++;
            for (int channel = 0; channel < width; channel++) {
                left[channel] += histogram[at + channel];
            }
            if (!consider(feature, bin)) {
                break;
            }
        }
        return occupied > 1;
    }

    /** Like {@link #scanHistogram} for a node with fewer rows than bins: visits its rows in bin order. */
    private boolean scanSorted(int feature, int start, int end) {
        byte[] column = bins[feature];
        int rowCount = end - start;
        for (int index = 0; index < rowCount; index++) {
            sortKeys[index] = (column[rows[start + index]] & 0xFF) << 16 | index;
        }
        Arrays.sort(sortKeys, 0, rowCount);
        Arrays.fill(left, 0);
        int occupied = 0;
        int index = 0;
        while (index < rowCount) {
            int bin = sortKeys[index] >>> 16;
            occupied++;
            while (index < rowCount && sortKeys[index] >>> 16 == bin) {
                int at = start + (sortKeys[index] & 0xFFFF);
                double weight = rowWeights[at];
                left[COUNT] += 1;
                left[WEIGHT] += weight;
                if (classCount == 0) {
                    left[TARGET] += weight * (rowTargets[at] - targetOffset);
                }
                else {
                    left[TARGET + (int) rowTargets[at]] += weight;
                }
                index++;
            }
            if (!consider(feature, bin)) {
                break;
            }
        }
        return occupied > 1;
    }

    /**
     * Considers splitting {@link #left} (the rows up to this bin) from the rest of the node's {@link #totals}.
     *
     * @return false once no later bin can give a valid split, because too few rows remain on the right
     */
    private boolean consider(int feature, int bin) {
        double leftCount = left[COUNT];
        double rightCount = totals[COUNT] - leftCount;
        int minimum = parameters.minSamplesLeaf();
        if (rightCount < minimum) {
            return false;
        }
        if (leftCount < minimum) {
            return true;
        }
        double gain = score(left, false) + score(left, true) - score(totals, false);
        if (gain > bestGain) {
            bestGain = gain;
            bestFeature = feature;
            bestBin = bin;
        }
        return true;
    }

    /**
     * The node's weight times its impurity reduction relative to no impurity, up to a constant shared by all splits:
     * {@code Σ w_c² / w} for Gini and {@code (Σ w y)² / w} for squared error, so a split's gain is the children's
     * scores less the parent's, which is also the weighted impurity decrease.
     *
     * @param complement score {@code totals - statistics} instead of {@code statistics}
     */
    private double score(double[] statistics, boolean complement) {
        double weight = complement ? totals[WEIGHT] - statistics[WEIGHT] : statistics[WEIGHT];
        if (weight <= 0) {
            return 0;
        }
        double sum = 0;
        for (int channel = TARGET; channel < width; channel++) {
            double value = complement ? totals[channel] - statistics[channel] : statistics[channel];
            sum += value * value;
        }
        return sum / weight;
    }

    /** Moves the rows going left to the front; returns where the right rows start. */
    private int partition(int start, int end, int feature, int bin) {
        byte[] column = bins[feature];
        int low = start;
        int high = end - 1;
        while (low <= high) {
            if ((column[rows[low]] & 0xFF) <= bin) {
                low++;
            }
            else {
                swap(low, high);
                high--;
            }
        }
        return low;
    }

    private void swap(int index, int other) {
        int row = rows[index];
        rows[index] = rows[other];
        rows[other] = row;
        double target = rowTargets[index];
        rowTargets[index] = rowTargets[other];
        rowTargets[other] = target;
        double weight = rowWeights[index];
        rowWeights[index] = rowWeights[other];
        rowWeights[other] = weight;
    }

    private void settle(double count) {
        leafCount++;
        settledCount += count;
        double share = settledCount / rootCount;
        if (share * PROGRESS_STEPS >= nextProgressStep) {
            nextProgressStep = (int) (share * PROGRESS_STEPS) + 1;
            progress.grown(share, leafCount, deepest);
        }
    }

    private double[] newHistogram() {
        double[] histogram = freeHistograms.poll();
        if (histogram == null) {
            return new double[histogramLength];
        }
        Arrays.fill(histogram, 0);
        return histogram;
    }

    private void release(double[] histogram) {
        if (histogram != null) {
            freeHistograms.push(histogram);
        }
    }
}
