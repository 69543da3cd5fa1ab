package dev.marquee.recommend;

/**
 * Rating-prediction error over held-out ratings.
 *
 * @param count the number of ratings predicted
 * @param rmse the root mean squared error of the (clipped) predictions
 * @param mae the mean absolute error of the (clipped) predictions
 */
public record RatingEvaluation(int count, double rmse, double mae) {
    public RatingEvaluation {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
    }
}
