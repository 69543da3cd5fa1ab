package dev.marquee.recommend;

import static java.util.Objects.requireNonNull;

import java.util.SplittableRandom;

/**
 * Biased matrix factorisation for explicit ratings, {@code r̂ = mean + b_u + b_i + q_iᵀp_u}, trained by stochastic
 * gradient descent exactly as Surprise's {@code SVD} (Funk; Koren, Bell and Volinsky, 2009): for each training rating,
 * with {@code e = r - r̂},
 * {@code b_u += rate (e - reg b_u)}, {@code b_i += rate (e - reg b_i)},
 * {@code p_u += rate (e q_i - reg p_u)} and {@code q_i += rate (e p_u - reg q_i)} (old values on the right). Surprise
 * visits the ratings user by user in the order of its (already shuffled) folds; here every epoch visits them in an
 * order shuffled from the seed. Factors start normal with mean 0 and standard deviation {@code initialDeviation},
 * biases at 0. Training is sequential (every update reads the previous ones), so it replays exactly.
 *
 * @param factors the rank, at least 1 (100 by default)
 * @param epochs the passes over the ratings, at least 1 (20 by default)
 * @param learningRate the SGD step, finite and positive (0.005 by default)
 * @param regularization the L2 weight per rating, finite and non-negative (0.02 by default)
 * @param initialDeviation the standard deviation of the initial factors, finite and non-negative (0.1 by default)
 * @param scale the rating scale of the data
 * @param seed the seed of the initial factors and the visiting order
 */
public record BiasedFactorisationSgd(int factors, int epochs, double learningRate, double regularization,
        double initialDeviation, RatingScale scale, long seed) implements RatingRecommender {
    public BiasedFactorisationSgd {
        HyperParameters.requireAtLeastOne("matrix factorisation factors", factors);
        HyperParameters.requireAtLeastOne("matrix factorisation epochs", epochs);
        HyperParameters.requireFinitePositive("matrix factorisation learning rate", learningRate);
        HyperParameters.requireFiniteNonNegative("matrix factorisation regularization", regularization);
        HyperParameters.requireFiniteNonNegative("matrix factorisation initial deviation", initialDeviation);
        requireNonNull(scale, "scale is null");
    }

    /**
     * Surprise's {@code SVD} defaults: 100 factors, 20 epochs, learning rate 0.005, regularization 0.02, initial
     * deviation 0.1.
     */
    public static BiasedFactorisationSgd withDefaults(RatingScale scale, long seed) {
        return new BiasedFactorisationSgd(100, 20, 0.005, 0.02, 0.1, scale, seed);
    }

    @Override
    public String name() {
        return "BiasedMF-SGD(factors=" + factors + ", epochs=" + epochs + ", lr=" + learningRate + ", reg="
                + regularization + ")";
    }

    @Override
    public RatingModel fit(Interactions training) {
        double mean = BiasedFactorModel.requireRatings(training, scale);
        int userCount = training.userCount();
        int itemCount = training.itemCount();
        int size = factors;
        SplittableRandom random = new SplittableRandom(seed);
        double[] userFactors = new double[userCount * size];
        double[] itemFactors = new double[itemCount * size];
        for (int index = 0; index < userFactors.length; index++) {
            userFactors[index] = Bpr.gaussian(random) * initialDeviation;
        }
        for (int index = 0; index < itemFactors.length; index++) {
            itemFactors[index] = Bpr.gaussian(random) * initialDeviation;
        }
        double[] userBiases = new double[userCount];
        double[] itemBiases = new double[itemCount];
        int total = training.size();
        int[] order = new int[total];
        int[] owners = new int[total];
        for (int user = 0; user < userCount; user++) {
            for (int position = training.start(user); position < training.end(user); position++) {
                order[position] = position;
                owners[position] = user;
            }
        }
        int[] items = training.itemArray();
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int index = total - 1; index > 0; index--) {
                int other = random.nextInt(index + 1);
                int swap = order[index];
                order[index] = order[other];
                order[other] = swap;
            }
            for (int position : order) {
                int user = owners[position];
                int item = items[position];
                int userOffset = user * size;
                int itemOffset = item * size;
                double dot = 0;
                for (int factor = 0; factor < size; factor++) {
                    dot += userFactors[userOffset + factor] * itemFactors[itemOffset + factor];
                }
                double error = training.ratingAt(position) - (mean + userBiases[user] + itemBiases[item] + dot);
                userBiases[user] += learningRate * (error - regularization * userBiases[user]);
                itemBiases[item] += learningRate * (error - regularization * itemBiases[item]);
                for (int factor = 0; factor < size; factor++) {
                    double userValue = userFactors[userOffset + factor];
                    double itemValue = itemFactors[itemOffset + factor];
                    userFactors[userOffset + factor] += learningRate * (error * itemValue - regularization * userValue);
                    itemFactors[itemOffset + factor] += learningRate * (error * userValue - regularization * itemValue);
                }
            }
        }
        return BiasedFactorModel.of(training, scale, mean, size, regularization, toFloats(userBiases),
                toFloats(itemBiases), toFloats(userFactors), toFloats(itemFactors));
    }

    static float[] toFloats(double[] values) {
        float[] result = new float[values.length];
        for (int index = 0; index < values.length; index++) {
            result[index] = (float) values[index];
        }
        return result;
    }
}
