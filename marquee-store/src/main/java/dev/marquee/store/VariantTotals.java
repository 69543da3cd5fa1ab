package dev.marquee.store;

import static java.util.Objects.requireNonNull;

/**
 * What the experiment log holds for one variant (route name) of an endpoint.
 *
 * @param requests recorded inferences (those that carried a request id)
 * @param feedback feedback observations
 * @param rewardSum sum of the feedback rewards
 * @param rewardSumOfSquares sum of the squared rewards
 * @param nonBinaryRewards observations whose reward is neither 0 nor 1
 */
public record VariantTotals(
        String routeName,
        long requests,
        long feedback,
        double rewardSum,
        double rewardSumOfSquares,
        long nonBinaryRewards) {
    public VariantTotals {
        requireNonNull(routeName, "routeName is null");
    }
}
