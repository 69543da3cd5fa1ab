package dev.marquee.recommend;

/**
 * An explicit-rating algorithm with its hyper-parameters and the rating scale of its data: it learns to predict the
 * rating a user would give an item. Implementations are immutable values; {@link #fit} may be called from several
 * threads.
 */
public interface RatingRecommender extends Recommender {
    /** The scale the training ratings must lie in and predictions are clipped to. */
    RatingScale scale();

    /**
     * Trains on the ratings of the interactions; interactions without ratings, or with a rating outside
     * {@link #scale()}, are an {@link dev.marquee.core.ErrorCode#INVALID_ARGUMENT}.
     */
    @Override
    RatingModel fit(Interactions training);
}
