package dev.marquee.classic;

/**
 * Exact path-dependent TreeSHAP: Algorithm 2 of Lundberg, Erion and Lee, "Consistent Individualized Feature
 * Attribution for Tree Ensembles" (2018), as in the reference implementation of the {@code shap} package. It runs in
 * O(leaves · depth²) per tree and weighs the paths a feature vector does not take by the training rows that took
 * them (the node covers), so the base value is the cover-weighted mean of the leaf values. One instance holds the
 * scratch space for one tree at a time; not thread-safe, so models create one per call.
 */
final class TreeShap {
    private final Tree tree;
    private final double[] vector;
    private final double[][] contributions;
    private final double scale;
    private final int outputs;
    // The unique path of every node on the recursion stack, each right after its parent's, as in the reference.
    private final int[] pathFeatures;
    private final double[] zeroFractions;
    private final double[] oneFractions;
    private final double[] weights;

    private TreeShap(Tree tree, double[] vector, double[][] contributions, double scale) {
        this.tree = tree;
        this.vector = vector;
        this.contributions = contributions;
        this.scale = scale;
        this.outputs = tree.outputCount();
        int longestPath = tree.depth() + 2;
        int capacity = longestPath * (longestPath + 1) / 2;
        this.pathFeatures = new int[capacity];
        this.zeroFractions = new double[capacity];
        this.oneFractions = new double[capacity];
        this.weights = new double[capacity];
    }

    /**
     * Adds {@code scale} times the tree's SHAP values for one feature vector to {@code contributions[output][feature]}
     * and {@code scale} times its base value to {@code contributions[output][featureCount]}, where featureCount is the
     * length of each row less one.
     */
    static void add(Tree tree, double[] vector, double[][] contributions, double scale) {
        TreeShap shap = new TreeShap(tree, vector, contributions, scale);
        shap.addBase();
        // The root's path element has no feature: index -1 never matches a split, and the leaf sums skip element 0.
        shap.recurse(0, 0, -1, 1, 1, -1);
    }

    private void addBase() {
        double rootCover = tree.covers()[0];
        int baseIndex = contributions[0].length - 1;
        for (int node = 0; node < tree.nodeCount(); node++) {
            if (tree.isLeaf(node)) {
                double share = scale * tree.covers()[node] / rootCover;
                for (int output = 0; output < outputs; output++) {
                    contributions[output][baseIndex] += share * tree.values()[node * outputs + output];
                }
            }
        }
    }

    /**
     * @param node the node to visit
     * @param depth the length of the unique path so far, less one
     * @param parentStart where the parent's unique path starts in the path arrays, -1 for the root
     */
    private void recurse(
            int node, int depth, int parentStart, double zeroFraction, double oneFraction, int feature) {
        // Never overlaps the parent's path, even when the parent unwound an element: that path is at most this long.
        int start = parentStart + depth + 1;
        if (depth > 0) {
            System.arraycopy(pathFeatures, parentStart, pathFeatures, start, depth);
            System.arraycopy(zeroFractions, parentStart, zeroFractions, start, depth);
            System.arraycopy(oneFractions, parentStart, oneFractions, start, depth);
            System.arraycopy(weights, parentStart, weights, start, depth);
        }
        extend(start, depth, zeroFraction, oneFraction, feature);

        if (tree.isLeaf(node)) {
            for (int element = 1; element <= depth; element++) {
                int index = start + element;
                double weight = unwoundSum(start, depth, element)
                        * (oneFractions[index] - zeroFractions[index])
                        * scale;
                double[] values = tree.values();
                for (int output = 0; output < outputs; output++) {
                    contributions[output][pathFeatures[index]] += weight * values[node * outputs + output];
                }
            }
            return;
        }

        int split = tree.features()[node];
        boolean goesLeft = vector[split] <= tree.thresholds()[node];
        int hot = goesLeft ? tree.leftChildren()[node] : tree.rightChildren()[node];
        int cold = goesLeft ? tree.rightChildren()[node] : tree.leftChildren()[node];
        double cover = tree.covers()[node];
        double hotZeroFraction = tree.covers()[hot] / cover;
        double coldZeroFraction = tree.covers()[cold] / cover;
        double incomingZeroFraction = 1;
        double incomingOneFraction = 1;

        // A feature split on again higher up the path is undone first, so it appears once on the unique path.
        int element = 0;
        while (element <= depth && pathFeatures[start + element] != split) {
            element++;
        }
        int pathDepth = depth;
        if (element <= depth) {
            incomingZeroFraction = zeroFractions[start + element];
            incomingOneFraction = oneFractions[start + element];
            unwind(start, depth, element);
            pathDepth--;
        }
        recurse(hot, pathDepth + 1, start, hotZeroFraction * incomingZeroFraction, incomingOneFraction, split);
        recurse(cold, pathDepth + 1, start, coldZeroFraction * incomingZeroFraction, 0, split);
    }

    private void extend(int start, int depth, double zeroFraction, double oneFraction, int feature) {
        int last = start + depth;
        pathFeatures[last] = feature;
        zeroFractions[last] = zeroFraction;
        oneFractions[last] = oneFraction;
        weights[last] = depth == 0 ? 1 : 0;
        for (int element = depth - 1; element >= 0; element--) {
            int index = start + element;
            weights[index + 1] += oneFraction * weights[index] * (element + 1) / (depth + 1);
            weights[index] = zeroFraction * weights[index] * (depth - element) / (depth + 1);
        }
    }

    private void unwind(int start, int depth, int removed) {
        double oneFraction = oneFractions[start + removed];
        double zeroFraction = zeroFractions[start + removed];
        double nextOnePortion = weights[start + depth];
        for (int element = depth - 1; element >= 0; element--) {
            int index = start + element;
            if (oneFraction != 0) {
                double weight = weights[index];
                weights[index] = nextOnePortion * (depth + 1) / ((element + 1) * oneFraction);
                nextOnePortion = weight - weights[index] * zeroFraction * (depth - element) / (depth + 1);
            }
            else {
                weights[index] = weights[index] * (depth + 1) / (zeroFraction * (depth - element));
            }
        }
        for (int element = removed; element < depth; element++) {
            int index = start + element;
            pathFeatures[index] = pathFeatures[index + 1];
            zeroFractions[index] = zeroFractions[index + 1];
            oneFractions[index] = oneFractions[index + 1];
        }
    }

    /** The total weight of the path with one element removed, without changing the path. */
    private double unwoundSum(int start, int depth, int removed) {
        double oneFraction = oneFractions[start + removed];
        double zeroFraction = zeroFractions[start + removed];
        double nextOnePortion = weights[start + depth];
        double total = 0;
        for (int element = depth - 1; element >= 0; element--) {
            int index = start + element;
            if (oneFraction != 0) {
                double weight = nextOnePortion * (depth + 1) / ((element + 1) * oneFraction);
                total += weight;
                nextOnePortion = weights[index] - weight * zeroFraction * (depth - element) / (depth + 1);
            }
            else if (zeroFraction != 0) {
                total += weights[index] / zeroFraction / ((double) (depth - element) / (depth + 1));
            }
        }
        return total;
    }
}
