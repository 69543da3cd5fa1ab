package dev.marquee.recommend;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Biased matrix factorisation for explicit ratings, {@code r̂ = mean + b_u + b_i + q_iᵀp_u}, trained by alternating
 * least squares with weighted-λ regularisation (Zhou, Wilkinson, Schreiber and Pan, 2008): it minimises the same
 * objective as {@link BiasedFactorisationSgd}, {@code Σ (r - r̂)² + regularization Σ_u n_u (b_u² + |p_u|²) +
 * regularization Σ_i n_i (b_i² + |q_i|²)}, where {@code n} counts a user's or an item's ratings. Each half-iteration
 * solves every user's {@code [b_u, p_u]} exactly (a Cholesky solve of size {@code factors + 1}) against the fixed item
 * side, then every item's against the users; rows are solved in parallel, but each reads only the other side, so the
 * result does not depend on the number of threads. A solve costs {@code O(n * factors² + factors³)}. Item factors
 * start normal with standard deviation {@code initialDeviation}, biases at 0.
 *
 * @param factors the rank, at least 1 (32 by default)
 * @param iterations the alternations, at least 1 (10 by default)
 * @param regularization the L2 weight per rating, finite and positive (0.1 by default)
 * @param initialDeviation the standard deviation of the initial item factors, finite and non-negative (0.1 by default)
 * @param scale the rating scale of the data
 * @param seed the seed of the initial item factors
 */
public record BiasedFactorisationAls(int factors, int iterations, double regularization, double initialDeviation,
        RatingScale scale, long seed) implements RatingRecommender {
    public BiasedFactorisationAls {
        HyperParameters.requireAtLeastOne("matrix factorisation factors", factors);
        HyperParameters.requireAtLeastOne("matrix factorisation iterations", iterations);
        HyperParameters.requireFinitePositive("matrix factorisation regularization", regularization);
        HyperParameters.requireFiniteNonNegative("matrix factorisation initial deviation", initialDeviation);
        requireNonNull(scale, "scale is null");
    }

    /** The defaults: 32 factors, 10 iterations, regularization 0.1, deviation 0.1. */
    public static BiasedFactorisationAls withDefaults(RatingScale scale, long seed) {
        return new BiasedFactorisationAls(32, 10, 0.1, 0.1, scale, seed);
    }

    @Override
    public String name() {
        return "BiasedMF-ALS(factors=" + factors + ", iterations=" + iterations + ", reg=" + regularization + ")";
    }

    @Override
    public RatingModel fit(Interactions training) {
        double mean = BiasedFactorModel.requireRatings(training, scale);
        int userCount = training.userCount();
        int itemCount = training.itemCount();
        int size = factors;
        SplittableRandom random = new SplittableRandom(seed);
        float[] userFactors = new float[userCount * size];
        float[] itemFactors = new float[itemCount * size];
        for (int index = 0; index < itemFactors.length; index++) {
            itemFactors[index] = (float) (Bpr.gaussian(random) * initialDeviation);
        }
        float[] userBiases = new float[userCount];
        float[] itemBiases = new float[itemCount];
        int total = training.size();
        int[] userOffsets = training.offsetArray();
        int[] userItems = training.itemArray();
        float[] userRatings = new float[total];
        for (int position = 0; position < total; position++) {
            userRatings[position] = training.ratingAt(position);
        }
        // The same ratings by item, each item's users increasing.
        int[] itemOffsets = new int[itemCount + 1];
        for (int item : userItems) {
            itemOffsets[item + 1]++;
        }
        for (int item = 0; item < itemCount; item++) {
            itemOffsets[item + 1] += itemOffsets[item];
        }
        int[] itemUsers = new int[total];
        float[] itemRatings = new float[total];
        int[] next = Arrays.copyOf(itemOffsets, itemCount);
        for (int user = 0; user < userCount; user++) {
            for (int position = userOffsets[user]; position < userOffsets[user + 1]; position++) {
                int slot = next[userItems[position]]++;
                itemUsers[slot] = user;
                itemRatings[slot] = userRatings[position];
            }
        }
        for (int iteration = 0; iteration < iterations; iteration++) {
            solveAll(mean, userOffsets, userItems, userRatings, itemBiases, itemFactors, userBiases, userFactors);
            solveAll(mean, itemOffsets, itemUsers, itemRatings, userBiases, userFactors, itemBiases, itemFactors);
        }
        return BiasedFactorModel.of(training, scale, mean, size, regularization, userBiases, itemBiases, userFactors,
                itemFactors);
    }

    /** Solves every row with ratings against the fixed side, in parallel; rows without ratings stay as they are. */
    private void solveAll(double mean, int[] offsets, int[] others, float[] ratings, float[] fixedBiases,
            float[] fixedFactors, float[] biases, float[] factorRows) {
        int size = factors;
        IntStream.range(0, offsets.length - 1).parallel().forEach(row -> {
            if (offsets[row] == offsets[row + 1]) {
                return;
            }
            double[] solution = new double[size + 1];
            BiasedFactorModel.solveRow(size, regularization, mean, others, ratings, offsets[row], offsets[row + 1],
                    fixedBiases, fixedFactors, solution);
            biases[row] = (float) solution[0];
            for (int factor = 0; factor < size; factor++) {
                factorRows[row * size + factor] = (float) solution[factor + 1];
            }
        });
    }
}
