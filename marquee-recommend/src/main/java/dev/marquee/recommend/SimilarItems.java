package dev.marquee.recommend;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The answer to {@link RecommendationEngine#similar}: the items most similar to {@code itemId}, most similar first,
 * never the item itself and only items with a positive similarity (so possibly fewer than asked for).
 *
 * @param itemId the item asked about
 * @param basis how similarity was measured
 * @param items the similar items; {@link RecommendedItem#score()} is the similarity
 */
public record SimilarItems(String itemId, Basis basis, List<RecommendedItem> items) {
    public SimilarItems {
        requireNonNull(itemId, "itemId is null");
        requireNonNull(basis, "basis is null");
        items = List.copyOf(requireNonNull(items, "items is null"));
    }

    /** How similarity is measured, chosen by model type. */
    public enum Basis {
        /** Cosine of the ALS item factors. */
        ITEM_FACTOR_COSINE,
        /** The model's own item-item weights: item-kNN similarities, or the EASE weight row of the item. */
        MODEL_ITEM_WEIGHTS,
        /** Cosine of the items' training user sets (co-occurrence), for models without item-item weights. */
        COOCCURRENCE_COSINE
    }
}
