package dev.marquee.recommend;

/**
 * Top-K retrieval of items by inner product with a query vector (a user's factors), over the item factors of a
 * factor model. {@link ExactItemIndex} scores every item and is the reference; {@link HnswItemIndex} answers from a
 * graph for large catalogues, with the recall its build reports. Implementations are immutable and thread-safe.
 */
public interface ItemIndex {
    /** The number of items indexed; item indexes are {@code 0 .. itemCount - 1}. */
    int itemCount();

    /** The number of values in a query vector. */
    int factors();

    /**
     * The (at most) {@code k} items with the highest inner product with {@code query}, best first, skipping the items
     * in {@code excluded} (strictly increasing item indexes, such as a user's history). Among equal scores the lower
     * item index comes first.
     *
     * @throws IllegalArgumentException when {@code k < 1} or {@code query} does not have {@link #factors()} values
     */
    int[] search(float[] query, int k, int[] excluded);

    /**
     * The index for a catalogue: exact below {@link ItemIndexSettings#approximateAbove()} items, HNSW from there on.
     *
     * @param itemFactors {@code itemCount * factors} row-major values; not copied, so never written afterwards
     */
    static ItemIndex forCatalogue(float[] itemFactors, int factors, ItemIndexSettings settings) {
        int itemCount = itemFactors.length / factors;
        return itemCount > settings.approximateAbove()
                ? HnswItemIndex.build(itemFactors, factors, settings)
                : new ExactItemIndex(itemFactors, factors);
    }
}
