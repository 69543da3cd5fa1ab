package dev.marquee.recommend;

import static java.util.Objects.requireNonNull;

/**
 * The reference {@link ItemIndex}: scores every item with the Vector API kernel ({@link FactorScoring#scoreAll}) and
 * selects the top K exactly ({@link TopK}). {@code O(items * factors)} per query.
 */
public final class ExactItemIndex implements ItemIndex {
    private final float[] itemFactors;
    private final int factors;

    /** Over {@code itemCount * factors} row-major values, not copied (so never written afterwards). */
    public ExactItemIndex(float[] itemFactors, int factors) {
        this.itemFactors = requireNonNull(itemFactors, "itemFactors is null");
        if (factors < 1 || itemFactors.length % factors != 0) {
            throw new IllegalArgumentException(
                    "item factors of length " + itemFactors.length + " are not rows of " + factors);
        }
        this.factors = factors;
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
        requireQuery(query, factors);
        float[] scores = new float[itemCount()];
        FactorScoring.scoreAll(query, 0, itemFactors, factors, scores);
        return TopK.select(scores, k, excluded);
    }

    static void requireQuery(float[] query, int factors) {
        requireNonNull(query, "query is null");
        if (query.length != factors) {
            throw new IllegalArgumentException("the query has " + query.length + " values, the index " + factors);
        }
    }
}
