package dev.marquee.recommend;

/**
 * A trained model that scores by the inner product of user and item factors (matrix factorisation), so its items can
 * be retrieved through an {@link ItemIndex} instead of scoring the whole catalogue.
 */
public interface FactorModel extends RecommenderModel {
    /** The rank: the number of values per user and per item. */
    int factors();

    /** {@code userCount * factors} row-major values; shared with the model, so callers never write to it. */
    float[] userFactors();

    /** {@code itemCount * factors} row-major values; shared with the model, so callers never write to it. */
    float[] itemFactors();
}
