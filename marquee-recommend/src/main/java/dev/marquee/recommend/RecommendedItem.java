package dev.marquee.recommend;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One item of an answer.
 *
 * @param itemId the item
 * @param title its catalogue title, when the catalogue has it
 * @param score the ranking score: the model's score after boosts (for similar items, the similarity)
 * @param pinned whether a pin rule placed the item
 * @param because the explanation, when the query asked for one
 */
public record RecommendedItem(String itemId, Optional<String> title, double score, boolean pinned,
        Optional<Because> because) {
    public RecommendedItem {
        requireNonNull(itemId, "itemId is null");
        requireNonNull(title, "title is null");
        requireNonNull(because, "because is null");
    }
}
