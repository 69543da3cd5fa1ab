package dev.marquee.recommend;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The answer to a {@link RecommendQuery}: at most {@code k} items, best first (pins at their positions). Filters that
 * exclude everything give an empty list, not an error.
 *
 * @param items the recommended items
 * @param strategy how the scores were computed
 * @param ignoredHistoryItemIds history ids the model does not know, which were ignored
 * @param ineligiblePins pinned item ids left out because they failed the filters or were already seen
 * @param approximate whether an approximate (HNSW) item index served the items, so that a better-scoring item may be
 *     missing; false for every exact answer
 */
public record Recommendations(List<RecommendedItem> items, ServingStrategy strategy,
        List<String> ignoredHistoryItemIds, List<String> ineligiblePins, boolean approximate) {
    public Recommendations {
        items = List.copyOf(requireNonNull(items, "items is null"));
        requireNonNull(strategy, "strategy is null");
        ignoredHistoryItemIds = List.copyOf(requireNonNull(ignoredHistoryItemIds, "ignoredHistoryItemIds is null"));
        ineligiblePins = List.copyOf(requireNonNull(ineligiblePins, "ineligiblePins is null"));
    }

    /** An exact answer. */
    public Recommendations(List<RecommendedItem> items, ServingStrategy strategy, List<String> ignoredHistoryItemIds,
            List<String> ineligiblePins) {
        this(items, strategy, ignoredHistoryItemIds, ineligiblePins, false);
    }
}
