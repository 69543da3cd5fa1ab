package dev.marquee.recommend;

import static java.util.Objects.requireNonNull;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An approximate {@link ItemIndex}: a jvector HNSW-style graph over the item factors.
 *
 * <p>Recommendation needs the maximum inner product, which is not a metric, so graph search over raw factors misses
 * long vectors. The factors are therefore augmented (Bachrach et al., 2014): item {@code y} becomes the unit vector
 * {@code (y / M, sqrt(1 - |y|² / M²))} with {@code M} the largest item norm, and a query {@code q} becomes
 * {@code (q / |q|, 0)}; their dot product is {@code q·y / (|q| M)}, which orders items exactly as the inner product
 * does, and the graph is built and searched with the dot product of unit vectors (cosine), where it is sound.
 *
 * <p>A search keeps {@link ItemIndexSettings#searchBeamWidth()} candidates and walks through excluded items without
 * returning them (a filter on the graph search, so a long history neither shortens the list nor narrows the beam);
 * the {@code k} found are re-ranked by their exact inner product.
 */
public final class HnswItemIndex implements ItemIndex {
    private static final VectorTypeSupport VECTORS = VectorizationProvider.getInstance().getVectorTypeSupport();

    private final float[] itemFactors;
    private final int factors;
    private final int searchBeamWidth;
    private final RandomAccessVectorValues vectors;
    private final ImmutableGraphIndex graph;

    private HnswItemIndex(float[] itemFactors, int factors, int searchBeamWidth, RandomAccessVectorValues vectors,
            ImmutableGraphIndex graph) {
        this.itemFactors = itemFactors;
        this.factors = factors;
        this.searchBeamWidth = searchBeamWidth;
        this.vectors = vectors;
        this.graph = graph;
    }

    /**
     * Builds the graph over {@code itemCount * factors} row-major values (not copied, so never written afterwards),
     * on the common fork-join pool.
     */
    public static HnswItemIndex build(float[] itemFactors, int factors, ItemIndexSettings settings) {
        requireNonNull(itemFactors, "itemFactors is null");
        requireNonNull(settings, "settings is null");
        if (factors < 1 || itemFactors.length % factors != 0) {
            throw new IllegalArgumentException(
                    "item factors of length " + itemFactors.length + " are not rows of " + factors);
        }
        int itemCount = itemFactors.length / factors;
        double maximumNorm = 0;
        for (int item = 0; item < itemCount; item++) {
            maximumNorm = Math.max(maximumNorm, norm(itemFactors, item * factors, factors));
        }
        double scale = maximumNorm > 0 ? 1 / maximumNorm : 1;
        List<VectorFloat<?>> augmented = new ArrayList<>(itemCount);
        for (int item = 0; item < itemCount; item++) {
            float[] values = new float[factors + 1];
            double squares = 0;
            for (int factor = 0; factor < factors; factor++) {
                values[factor] = (float) (itemFactors[item * factors + factor] * scale);
                squares += (double) values[factor] * values[factor];
            }
            // An all-zero catalogue gets the unit last axis, so every vector still has norm 1.
            values[factors] = (float) Math.sqrt(Math.max(0, 1 - squares));
            augmented.add(VECTORS.createFloatVector(values));
        }
        RandomAccessVectorValues vectors = new ListRandomAccessVectorValues(augmented, factors + 1);
        try (GraphIndexBuilder builder = GraphIndexBuilder
                .builder(vectors, VectorSimilarityFunction.DOT_PRODUCT, settings.maxDegree())
                .withBeamWidth(settings.constructionBeamWidth())
                .withNeighborOverflow(1.2f)
                .withAlpha(1.2f)
                .build()) {
            ImmutableGraphIndex graph = builder.build(vectors);
            return new HnswItemIndex(itemFactors, factors, settings.searchBeamWidth(), vectors, graph);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot build the item graph", e);
        }
    }

    @Override
    public int itemCount() {
        return itemFactors.length / factors;
    }

    @Override
    public int factors() {
        return factors;
    }

    @Override
    public int[] search(float[] query, int k, int[] excluded) {
        ExactItemIndex.requireQuery(query, factors);
        requireNonNull(excluded, "excluded is null");
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive: " + k);
        }
        int itemCount = itemCount();
        int wanted = (int) Math.min(k, (long) itemCount);
        if (wanted == 0) {
            return new int[0];
        }
        double queryNorm = norm(query, 0, factors);
        float[] values = new float[factors + 1];
        for (int factor = 0; factor < factors; factor++) {
            values[factor] = queryNorm > 0 ? (float) (query[factor] / queryNorm) : 0;
        }
        // Excluded items are walked through but never returned, so a long history neither shortens the list nor
        // narrows the beam (over-fetching k + |excluded| with the same beam lost recall on heavy users).
        Bits accepted = excluded.length == 0 ? Bits.ALL : item -> Arrays.binarySearch(excluded, item) < 0;
        SearchResult result = GraphSearcher.search(VECTORS.createFloatVector(values), wanted,
                Math.max(wanted, searchBeamWidth), vectors, VectorSimilarityFunction.DOT_PRODUCT, graph, accepted);
        SearchResult.NodeScore[] nodes = result.getNodes();
        // Exact re-ranking: score in the high half (order-preserving bits), item in the low half.
        long[] ranked = new long[nodes.length];
        int size = 0;
        for (SearchResult.NodeScore node : nodes) {
            if (Arrays.binarySearch(excluded, node.node) >= 0) {
                continue;
            }
            float score = FactorScoring.dot(query, 0, itemFactors, node.node * factors, factors);
            if (Float.isNaN(score)) {
                continue;
            }
            ranked[size++] = ((long) ~sortableBits(score) << 32) | node.node;
        }
        Arrays.sort(ranked, 0, size);
        int[] items = new int[Math.min(k, size)];
        for (int index = 0; index < items.length; index++) {
            items[index] = (int) ranked[index];
        }
        return items;
    }

    /** Float bits as an int whose signed order is the floats' order (so its complement sorts best first). */
    private static int sortableBits(float value) {
        int bits = Float.floatToIntBits(value == 0 ? 0f : value);
        return bits < 0 ? bits ^ 0x7fffffff : bits;
    }

    private static double norm(float[] values, int offset, int size) {
        double squares = 0;
        for (int index = 0; index < size; index++) {
            squares += (double) values[offset + index] * values[offset + index];
        }
        return Math.sqrt(squares);
    }
}
