package dev.marquee.recommend;

/**
 * A trained model that scores by the inner product of user and item factors (matrix factorisation), so its items can
 * be retrieved through an {@link ItemIndex} instead of scoring the whole catalogue: {@link #score} writes
 * {@link FactorScoring#dot} of the user's row of {@link #userFactors()} with every item row, and {@link #scoreHistory}
 * the same for the vector {@link #foldIn} returns, bit for bit.
 *
 * <p>Implemented by implicit ALS only. BPR ({@code b_i + p_u·q_i}) and the biased rating models
 * ({@code μ + b_u + b_i + p_u·q_i}) rank as an inner product once the bias is appended as an extra factor, but their
 * served scores are summed in another order (a scalar loop, biases in double, unknown items special-cased), so an
 * index over augmented factors could not reproduce their scores exactly; they keep full scoring.
 */
public interface FactorModel extends RecommenderModel {
    /** The rank: the number of values per user and per item. */
    int factors();

    /** {@code userCount * factors} row-major values; shared with the model, so callers never write to it. */
    float[] userFactors();

    /** {@code itemCount * factors} row-major values; shared with the model, so callers never write to it. */
    float[] itemFactors();

    /**
     * The query vector for a history (fold-in): {@link #scoreHistory} writes its inner product with every item row.
     * A new array, the same for the same history.
     */
    float[] foldIn(int[] history);
}
