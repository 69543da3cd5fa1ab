package dev.marquee.recommend;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A request for recommendations, answered by {@link RecommendationEngine#recommend}. Start from
 * {@link #forUser}, {@link #forHistory} or {@link #anonymous} and refine with the {@code with...} methods.
 *
 * <p>Who: a user id of the training set, a history of item ids (a new user, folded in without retraining), or both
 * (the history is appended to the known user's training history, so recent interactions count at once). An unknown
 * user id with no usable history, or neither, is served by popularity. History ids the model does not know (for
 * example items added after training) are ignored and reported in {@link Recommendations#ignoredHistoryItemIds()}.
 *
 * @param userId the user, when known to the caller
 * @param history item ids the user interacted with, in any order; duplicates count once
 * @param k the number of items wanted; validated by the engine against its {@link RecommendationLimits#maxK()}
 * @param excludeSeen whether the history (training and request) is left out of the answer; true by default
 * @param filters which items may be returned
 * @param rules boosts, burials and pins
 * @param diversity the MMR trade-off {@code lambda} in {@code [0, 1]} (1 keeps the relevance order, 0 maximises
 *     diversity), when re-ranking is wanted
 * @param explanationItems how many contributing history items to explain each recommendation with; 0 for none
 */
public record RecommendQuery(Optional<String> userId, List<String> history, int k, boolean excludeSeen,
        ItemFilters filters, BusinessRules rules, OptionalDouble diversity, int explanationItems) {
    public RecommendQuery {
        requireNonNull(userId, "userId is null");
        history = List.copyOf(requireNonNull(history, "history is null"));
        requireNonNull(filters, "filters is null");
        requireNonNull(rules, "rules is null");
        requireNonNull(diversity, "diversity is null");
    }

    /** The top {@code k} for a user of the training set. */
    public static RecommendQuery forUser(String userId, int k) {
        return new RecommendQuery(Optional.of(requireNonNull(userId, "userId is null")), List.of(), k, true,
                ItemFilters.none(), BusinessRules.none(), OptionalDouble.empty(), 0);
    }

    /** The top {@code k} for a user known only by the items in {@code history}. */
    public static RecommendQuery forHistory(List<String> history, int k) {
        return new RecommendQuery(Optional.empty(), history, k, true, ItemFilters.none(), BusinessRules.none(),
                OptionalDouble.empty(), 0);
    }

    /** The top {@code k} for nobody in particular: popularity. */
    public static RecommendQuery anonymous(int k) {
        return forHistory(List.of(), k);
    }

    public RecommendQuery withHistory(List<String> newHistory) {
        return new RecommendQuery(userId, newHistory, k, excludeSeen, filters, rules, diversity, explanationItems);
    }

    public RecommendQuery withExcludeSeen(boolean newExcludeSeen) {
        return new RecommendQuery(userId, history, k, newExcludeSeen, filters, rules, diversity, explanationItems);
    }

    public RecommendQuery withFilters(ItemFilters newFilters) {
        return new RecommendQuery(userId, history, k, excludeSeen, newFilters, rules, diversity, explanationItems);
    }

    public RecommendQuery withRules(BusinessRules newRules) {
        return new RecommendQuery(userId, history, k, excludeSeen, filters, newRules, diversity, explanationItems);
    }

    /** MMR re-ranking with this {@code lambda}. */
    public RecommendQuery withDiversity(double lambda) {
        return new RecommendQuery(userId, history, k, excludeSeen, filters, rules, OptionalDouble.of(lambda),
                explanationItems);
    }

    public RecommendQuery withExplanations(int items) {
        return new RecommendQuery(userId, history, k, excludeSeen, filters, rules, diversity, items);
    }
}
