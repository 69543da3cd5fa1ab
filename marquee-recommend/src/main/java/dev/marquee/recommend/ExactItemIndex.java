package dev.marquee.recommend;

import static java.util.Objects.requireNonNull;

/**
 * The reference {@link ItemIndex}: scores every item with a Vector API kernel and selects the top K exactly, as
 * {@link TopK} does, in one pass. {@code O(items * factors)} per query. Holds a tiled copy of the item factors
 * ({@code 4 * items * factors} bytes) laid out for the kernel.
 */
public final class ExactItemIndex implements ItemIndex {
    private final ItemFactorTiles tiles;
    private final int factors;

    /** Over {@code itemCount * factors} row-major values (copied into tiles). */
    public ExactItemIndex(float[] itemFactors, int factors) {
        requireNonNull(itemFactors, "itemFactors is null");
        if (factors < 1 || itemFactors.length % factors != 0) {
            throw new IllegalArgumentException(
                    "item factors of length " + itemFactors.length + " are not rows of " + factors);
        }
        this.tiles = new ItemFactorTiles(itemFactors, factors);
        this.factors = factors;
    }

    @Override
    public int itemCount() {
        return tiles.itemCount();
    }

    @Override
    public int factors() {
        return factors;
    }

    @Override
    public int[] search(float[] query, int k, int[] excluded) {
        requireQuery(query, factors);
        requireNonNull(excluded, "excluded is null");
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive: " + k);
        }
        return tiles.topK(query, k, excluded);
    }

    static void requireQuery(float[] query, int factors) {
        requireNonNull(query, "query is null");
        if (query.length != factors) {
            throw new IllegalArgumentException("the query has " + query.length + " values, the index " + factors);
        }
    }
}
