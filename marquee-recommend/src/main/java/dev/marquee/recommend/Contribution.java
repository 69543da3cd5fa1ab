package dev.marquee.recommend;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * How much one history item adds to a recommended item's model score.
 *
 * @param itemId the history item
 * @param title its catalogue title, when the catalogue has it
 * @param score its share of the model score (before business rules)
 */
public record Contribution(String itemId, Optional<String> title, double score) {
    public Contribution {
        requireNonNull(itemId, "itemId is null");
        requireNonNull(title, "title is null");
    }
}
