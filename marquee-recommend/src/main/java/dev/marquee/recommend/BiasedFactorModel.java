package dev.marquee.recommend;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * A trained biased matrix factorisation {@code r̂(u, i) = mean + b_u + b_i + q_iᵀp_u} (Koren, Bell and Volinsky, 2009),
 * as trained by {@link BiasedFactorisationSgd} or {@link BiasedFactorisationAls}. As Surprise's {@code SVD} predicts,
 * an unknown user contributes neither bias nor factors, an unknown item likewise, so the prediction for an unknown pair
 * is the global mean. Ranking scores are the unclipped predictions, so items predicted above the top of the scale keep
 * their order.
 *
 * <p>Fold-in solves the user's bias and factors exactly against the fixed item biases and factors, the ridge problem
 * {@code Σ (r - mean - b_i - b_u - q_iᵀp_u)² + regularization * n * (b_u² + |p_u|²)} over the user's {@code n} rated
 * known items: the per-rating penalty both trainers minimise.
 *
 * @param training the interactions trained on (with ratings)
 * @param scale the rating scale predictions are clipped to
 * @param mean the mean training rating
 * @param factors the rank
 * @param regularization the L2 weight per rating, for fold-in
 * @param userBiases {@code userCount} values, zero for unknown users
 * @param itemBiases {@code itemCount} values, zero for unknown items
 * @param userFactors {@code userCount * factors} values, row-major
 * @param itemFactors {@code itemCount * factors} values, row-major
 * @param knownUsers whether each user has a training rating
 * @param knownItems whether each item has a training rating
 */
record BiasedFactorModel(Interactions training, RatingScale scale, double mean, int factors, double regularization,
        float[] userBiases, float[] itemBiases, float[] userFactors, float[] itemFactors, boolean[] knownUsers,
        boolean[] knownItems) implements RatingModel {
    BiasedFactorModel {
        requireNonNull(training, "training is null");
        requireNonNull(scale, "scale is null");
    }

    /** A model over trained parameters; which users and items are known follows from the training set. */
    static BiasedFactorModel of(Interactions training, RatingScale scale, double mean, int factors,
            double regularization, float[] userBiases, float[] itemBiases, float[] userFactors, float[] itemFactors) {
        boolean[] knownUsers = new boolean[training.userCount()];
        for (int user = 0; user < knownUsers.length; user++) {
            knownUsers[user] = training.count(user) > 0;
        }
        boolean[] knownItems = new boolean[training.itemCount()];
        for (int item : training.itemArray()) {
            knownItems[item] = true;
        }
        return new BiasedFactorModel(training, scale, mean, factors, regularization, userBiases, itemBiases,
                userFactors, itemFactors, knownUsers, knownItems);
    }

    /**
     * The mean training rating, after checking that the interactions have ratings and all lie in the scale; the
     * first that does not is an {@code INVALID_ARGUMENT} naming the user, the item and the value.
     */
    static double requireRatings(Interactions training, RatingScale scale) {
        requireNonNull(training, "training is null");
        if (!training.hasRatings()) {
            throw MarqueeException.invalid("rating prediction needs explicit ratings; these interactions have none");
        }
        double sum = 0;
        for (int user = 0; user < training.userCount(); user++) {
            for (int position = training.start(user); position < training.end(user); position++) {
                float rating = training.ratingAt(position);
                if (!scale.contains(rating)) {
                    throw MarqueeException.invalid(
                            "rating %s of user '%s' for item '%s' is outside the rating scale %s",
                            rating, training.userId(user), training.itemId(training.itemAt(position)), scale);
                }
                sum += rating;
            }
        }
        return training.size() == 0 ? (scale.minimum() + scale.maximum()) / 2 : sum / training.size();
    }

    @Override
    public double predict(int user, int item) {
        return scale.clip(raw(user, item));
    }

    @Override
    public double predict(String userId, String itemId) {
        OptionalInt user = training.userIndex(userId);
        OptionalInt item = training.itemIndex(itemId);
        return scale.clip(raw(user.orElse(-1), item.orElse(-1)));
    }

    /** The unclipped prediction; -1 stands for an id absent from the training set. */
    private double raw(int user, int item) {
        boolean userKnown = user >= 0 && knownUsers[user];
        boolean itemKnown = item >= 0 && knownItems[item];
        double prediction = mean;
        if (userKnown) {
            prediction += userBiases[user];
        }
        if (itemKnown) {
            prediction += itemBiases[item];
        }
        if (userKnown && itemKnown) {
            prediction += dot(userFactors, user * factors, item * factors);
        }
        return prediction;
    }

    @Override
    public void score(int user, float[] scores) {
        if (!knownUsers[user]) {
            scoreParameters(0, new float[factors], 0, false, scores);
            return;
        }
        scoreParameters(userBiases[user], userFactors, user * factors, true, scores);
    }

    @Override
    public void scoreHistory(int[] history, float[] scores) {
        requireNonNull(history, "history is null");
        float[] ratings = new float[history.length];
        Arrays.fill(ratings, (float) scale.maximum());
        double[] solution = foldIn(history, ratings);
        scoreParameters(solution[0], toFloats(solution, 1), 0, true, scores);
    }

    @Override
    public void predictHistory(int[] items, float[] ratings, float[] predictions) {
        requireNonNull(items, "items is null");
        requireNonNull(ratings, "ratings is null");
        if (items.length != ratings.length) {
            throw MarqueeException.invalid("a rated history needs one rating per item: %s items, %s ratings",
                    items.length, ratings.length);
        }
        for (int index = 0; index < ratings.length; index++) {
            if (!scale.contains(ratings[index])) {
                throw MarqueeException.invalid("rating %s is outside the rating scale %s", ratings[index], scale);
            }
        }
        double[] solution = foldIn(items, ratings);
        scoreParameters(solution[0], toFloats(solution, 1), 0, true, predictions);
        for (int item = 0; item < training.itemCount(); item++) {
            predictions[item] = (float) scale.clip(predictions[item]);
        }
    }

    /** {@code [b_u, p_u]} for a rated history; known items only; zero for a history without known items. */
    double[] foldIn(int[] items, float[] ratings) {
        int itemCount = training.itemCount();
        int[] kept = new int[items.length];
        float[] keptRatings = new float[items.length];
        int count = 0;
        for (int index = 0; index < items.length; index++) {
            int item = items[index];
            if (item < 0 || item >= itemCount) {
                throw MarqueeException.invalid("history item index out of range: %s", item);
            }
            if (knownItems[item]) {
                kept[count] = item;
                keptRatings[count] = ratings[index];
                count++;
            }
        }
        double[] solution = new double[factors + 1];
        if (count > 0) {
            solveRow(factors, regularization, mean, kept, keptRatings, 0, count, itemBiases, itemFactors, solution);
        }
        return solution;
    }

    /**
     * The ridge solution {@code [bias, v]} minimising
     * {@code Σ (r_k - mean - otherBias_k - bias - vᵀf_k)² + regularization * n * (bias² + |v|²)} over the entries
     * {@code from..to} of {@code others} (indexes into the fixed side) and {@code ratings}, written to {@code solution}
     * ({@code factors + 1} values).
     */
    static void solveRow(int factors, double regularization, double mean, int[] others, float[] ratings, int from,
            int to, float[] otherBiases, float[] otherFactors, double[] solution) {
        int size = factors + 1;
        double[] matrix = new double[size * size];
        Arrays.fill(solution, 0);
        double[] features = new double[size];
        features[0] = 1;
        for (int index = from; index < to; index++) {
            int other = others[index];
            int offset = other * factors;
            for (int factor = 0; factor < factors; factor++) {
                features[factor + 1] = otherFactors[offset + factor];
            }
            double target = ratings[index] - mean - otherBiases[other];
            for (int row = 0; row < size; row++) {
                double value = features[row];
                solution[row] += value * target;
                int rowOffset = row * size;
                for (int column = 0; column <= row; column++) {
                    matrix[rowOffset + column] += value * features[column];
                }
            }
        }
        double penalty = regularization * (to - from);
        for (int row = 0; row < size; row++) {
            matrix[row * size + row] += penalty;
            for (int column = row + 1; column < size; column++) {
                matrix[row * size + column] = matrix[column * size + row];
            }
        }
        Cholesky.solve(matrix, solution, size);
    }

    /**
     * Writes {@code mean + b_u + b_i + q_iᵀp} for every item ({@code withUser}), or {@code mean + b_i} for an unknown
     * user; unknown items get {@code mean} plus the user's bias.
     */
    private void scoreParameters(double userBias, float[] factorRows, int offset, boolean withUser, float[] scores) {
        int itemCount = training.itemCount();
        for (int item = 0; item < itemCount; item++) {
            double score = mean + (withUser ? userBias : 0);
            if (knownItems[item]) {
                score += itemBiases[item];
                if (withUser) {
                    int itemOffset = item * factors;
                    float sum = 0;
                    for (int factor = 0; factor < factors; factor++) {
                        sum += factorRows[offset + factor] * itemFactors[itemOffset + factor];
                    }
                    score += sum;
                }
            }
            scores[item] = (float) score;
        }
    }

    private double dot(float[] userRows, int userOffset, int itemOffset) {
        double sum = 0;
        for (int factor = 0; factor < factors; factor++) {
            sum += (double) userRows[userOffset + factor] * itemFactors[itemOffset + factor];
        }
        return sum;
    }

    private static float[] toFloats(double[] values, int from) {
        float[] result = new float[values.length - from];
        for (int index = 0; index < result.length; index++) {
            result[index] = (float) values[from + index];
        }
        return result;
    }
}
