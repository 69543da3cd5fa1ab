package dev.marquee.recommend;

/**
 * A trained recommender: scores every item of the training catalogue for a user. Implementations are immutable and
 * thread-safe, so evaluation scores users in parallel.
 */
public interface RecommenderModel {
    /** The interactions the model was trained on; their item indexes are the indexes scored. */
    Interactions training();

    /**
     * Writes a score for every item into {@code scores} (length {@link Interactions#itemCount()}), higher meaning more
     * recommended, from a history of strictly increasing item indexes. This is how users unseen at training are
     * scored (fold-in).
     */
    void scoreHistory(int[] history, float[] scores);

    /** Scores every item for a user of the training set, from the user's training history. */
    default void score(int user, float[] scores) {
        scoreHistory(training().itemsOf(user), scores);
    }

    /** The {@code k} best items for a training user, excluding the user's training items; best first. */
    default int[] recommend(int user, int k) {
        float[] scores = new float[training().itemCount()];
        score(user, scores);
        return TopK.select(scores, k, training().itemsOf(user));
    }
}
