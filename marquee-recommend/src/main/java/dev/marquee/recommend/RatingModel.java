package dev.marquee.recommend;

/**
 * A trained explicit-rating model. It predicts ratings (clipped to the {@link #scale()}), and as a
 * {@link RecommenderModel} it ranks items by predicted rating, so it is evaluated and served like the implicit
 * recommenders. A user or item with no rating in the training set is unknown: its prediction falls back to what is
 * known (the item's or the user's bias over the global mean, or the mean alone). Implementations are immutable and
 * thread-safe.
 *
 * <p>{@link #scoreHistory} has item indexes only; a rating model folds such a history in as if every item had been
 * rated at the top of the scale (an interaction is a positive, as in the rest of this package). Explicit fold-in with
 * ratings is {@link #predictHistory}.
 */
public interface RatingModel extends RecommenderModel {
    /** The scale predictions are clipped to. */
    RatingScale scale();

    /** The predicted rating of a training item index by a training user index, clipped to the scale. */
    double predict(int user, int item);

    /** The predicted rating by ids; an id absent from the training set is an unknown user or item. */
    double predict(String userId, String itemId);

    /**
     * Folds in a new user from a few rated items: writes the predicted rating (clipped) of every catalogue item into
     * {@code predictions} (length {@link Interactions#itemCount()}). {@code items} are training item indexes and
     * {@code ratings} their ratings, in the scale, pairwise; an empty history predicts from the item biases alone.
     */
    void predictHistory(int[] items, float[] ratings, float[] predictions);
}
