package dev.marquee.classic;

import static java.util.Objects.requireNonNull;

/**
 * One fitted binary decision tree in flat arrays, indexed by node; node 0 is the root. An inner node sends a feature
 * vector {@code x} to its left child when {@code x[features[node]] <= thresholds[node]} (so NaN goes right), else to
 * its right child. A leaf is a node whose {@code leftChildren} and {@code rightChildren} entries are both 0 (the root
 * is nobody's child) and whose feature and threshold are 0. Children always come after their parent, and every node
 * but the root is the child of exactly one node, so the arrays form one tree without cycles.
 *
 * <p>{@code values} holds {@code outputCount()} values per node, node after node: the class probabilities or the
 * mean target of the training rows that reached it. {@code covers} holds how many training rows reached each node,
 * counted with their bootstrap multiplicity, so an inner node's cover is the sum of its children's; TreeSHAP weighs
 * paths by it. Immutable by contract (the arrays are never modified) and thread-safe. Its JSON shape is part of the
 * artifact format of the tree models.
 *
 * @throws IllegalArgumentException from the constructor when the arrays do not form such a tree
 */
public record Tree(
        int[] features,
        double[] thresholds,
        int[] leftChildren,
        int[] rightChildren,
        double[] values,
        double[] covers) {
    /** Covers of a node and its children may differ by this relative amount, for non-integer weights. */
    private static final double COVER_TOLERANCE = 1e-9;
    private static final double PROBABILITY_TOLERANCE = 1e-9;

    public Tree {
        requireNonNull(features, "features is null");
        requireNonNull(thresholds, "thresholds is null");
        requireNonNull(leftChildren, "leftChildren is null");
        requireNonNull(rightChildren, "rightChildren is null");
        requireNonNull(values, "values is null");
        requireNonNull(covers, "covers is null");
        int nodes = features.length;
        if (nodes == 0) {
            throw new IllegalArgumentException("a tree needs at least one node");
        }
        if (thresholds.length != nodes
                || leftChildren.length != nodes
                || rightChildren.length != nodes
                || covers.length != nodes) {
            throw new IllegalArgumentException(
                    "node arrays differ in length: features %d, thresholds %d, children %d and %d, covers %d"
                            .formatted(nodes, thresholds.length, leftChildren.length, rightChildren.length,
                                    covers.length));
        }
        if (values.length == 0 || values.length % nodes != 0) {
            throw new IllegalArgumentException(
                    "values must hold the same number of outputs per node: %d values for %d nodes"
                            .formatted(values.length, nodes));
        }
        Vectors.requireFinite(thresholds, "thresholds");
        Vectors.requireFinite(values, "values");
        boolean[] isChild = new boolean[nodes];
        for (int node = 0; node < nodes; node++) {
            if (!(covers[node] > 0) || !Double.isFinite(covers[node])) {
                throw new IllegalArgumentException("cover of node %d must be positive: %s".formatted(node, covers[node]));
            }
            int left = leftChildren[node];
            int right = rightChildren[node];
            if (left == 0 && right == 0) {
                if (features[node] != 0 || thresholds[node] != 0) {
                    throw new IllegalArgumentException("leaf %d has a split".formatted(node));
                }
                continue;
            }
            if (features[node] < 0) {
                throw new IllegalArgumentException(
                        "node %d splits on a negative feature index: %d".formatted(node, features[node]));
            }
            for (int child : new int[] {left, right}) {
                if (child <= node || child >= nodes) {
                    throw new IllegalArgumentException(
                            "child %d of node %d is out of range (%d, %d)".formatted(child, node, node, nodes));
                }
                if (isChild[child]) {
                    throw new IllegalArgumentException("node %d has more than one parent".formatted(child));
                }
                isChild[child] = true;
            }
            double childCovers = covers[left] + covers[right];
            if (Math.abs(childCovers - covers[node]) > COVER_TOLERANCE * covers[node]) {
                throw new IllegalArgumentException("cover of node %d is %s but its children's add up to %s"
                        .formatted(node, covers[node], childCovers));
            }
        }
        for (int node = 1; node < nodes; node++) {
            if (!isChild[node]) {
                throw new IllegalArgumentException("node %d is not reachable from the root".formatted(node));
            }
        }
    }

    /** The number of nodes, inner nodes and leaves. */
    public int nodeCount() {
        return features.length;
    }

    /** The number of values per node. */
    public int outputCount() {
        return values.length / features.length;
    }

    public boolean isLeaf(int node) {
        return leftChildren[node] == 0;
    }

    /** The leaf a feature vector lands in; does not allocate. */
    public int leaf(double[] vector) {
        int node = 0;
        while (!isLeaf(node)) {
            node = vector[features[node]] <= thresholds[node] ? leftChildren[node] : rightChildren[node];
        }
        return node;
    }

    /** The number of splits on the longest path from the root to a leaf. */
    public int depth() {
        int[] depths = new int[features.length];
        int deepest = 0;
        // Children come after their parents, so one forward pass sees every parent first.
        for (int node = 0; node < features.length; node++) {
            if (!isLeaf(node)) {
                depths[leftChildren[node]] = depths[node] + 1;
                depths[rightChildren[node]] = depths[node] + 1;
            }
            deepest = Math.max(deepest, depths[node]);
        }
        return deepest;
    }

    /** The number of leaves. */
    public int leafCount() {
        int leaves = 0;
        for (int node = 0; node < features.length; node++) {
            if (isLeaf(node)) {
                leaves++;
            }
        }
        return leaves;
    }

    /**
     * Checks that every split reads a feature below the given count.
     *
     * @throws IllegalArgumentException when one does not
     */
    void requireFeaturesBelow(int featureCount) {
        for (int node = 0; node < features.length; node++) {
            if (!isLeaf(node) && features[node] >= featureCount) {
                throw new IllegalArgumentException("node %d splits on feature %d of only %d"
                        .formatted(node, features[node], featureCount));
            }
        }
    }

    /**
     * Checks that every node's values are class probabilities: at least two, none negative, adding up to 1.
     *
     * @throws IllegalArgumentException when they are not
     */
    void requireProbabilities() {
        int outputs = outputCount();
        if (outputs < 2) {
            throw new IllegalArgumentException("class probabilities need at least 2 classes, the tree has " + outputs);
        }
        for (int node = 0; node < features.length; node++) {
            double sum = 0;
            for (int output = 0; output < outputs; output++) {
                double probability = values[node * outputs + output];
                if (probability < 0) {
                    throw new IllegalArgumentException(
                            "node %d has a negative class probability: %s".formatted(node, probability));
                }
                sum += probability;
            }
            if (Math.abs(sum - 1) > PROBABILITY_TOLERANCE) {
                throw new IllegalArgumentException(
                        "class probabilities of node %d add up to %s, not 1".formatted(node, sum));
            }
        }
    }
}
