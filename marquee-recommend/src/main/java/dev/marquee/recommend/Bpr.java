package dev.marquee.recommend;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Bayesian personalised ranking with matrix factorisation (Rendle, Freudenthaler, Gantner and Schmidt-Thieme, 2009):
 * the score of item {@code i} for user {@code u} is {@code b_i + p_u·q_i}, trained by stochastic gradient ascent on
 * {@code ln σ(score(u, i) - score(u, j)) - (regularization / 2)(|p_u|² + |q_i|² + |q_j|² + b_i² + b_j²)} for triples
 * of a user, an item of the user ({@code i}) and an item not of the user ({@code j}, uniform over the catalogue,
 * redrawn while it is one of the user's). The item bias {@code b_i} is the {@code implicit} library's extra factor; it
 * learns popularity, which uniform negatives reward. Relevance is binary, as everywhere in this package.
 *
 * <p>An epoch draws as many triples as there are interactions, each from an interaction chosen uniformly with
 * replacement (Rendle's {@code LearnBPR}). Training is sequential SGD: every update reads the previous one, so the
 * factors depend only on the data, the parameters and the seed, never on threads. Factors start normal with standard
 * deviation 0.1 and biases at zero.
 *
 * <p>A history ({@link RecommenderModel#scoreHistory}, fold-in) gets a user vector trained the same way against the
 * fixed item factors and biases: the same epochs, step and regularization, triples drawn from the history only, with a
 * generator seeded by the model's seed, so a history always gets the same vector. It costs
 * {@code O(epochs * |H| * factors)}, a few milliseconds at most for typical histories. Maximising the expected
 * objective over all negatives exactly was tried first: on FilmTrust it was about 100 times slower and worse
 * (validation NDCG@10 0.382, against 0.430 for both the trained vectors and this fold-in), because trained vectors
 * come from a finite SGD run, not from the optimum.
 *
 * @param factors the rank, at least 1 (64 by default)
 * @param learningRate the SGD step, finite and positive (0.01 by default, as {@code implicit})
 * @param regularization the L2 weight per update, finite and non-negative (0.01 by default, as {@code implicit})
 * @param epochs the passes, at least 1 (100 by default)
 * @param seed the seed of the initial factors and of the sampled triples
 */
public record Bpr(int factors, double learningRate, double regularization, int epochs, long seed)
        implements Recommender {
    private static final double INITIAL_DEVIATION = 0.1;

    public Bpr {
        HyperParameters.requireAtLeastOne("BPR factors", factors);
        HyperParameters.requireFinitePositive("BPR learning rate", learningRate);
        HyperParameters.requireFiniteNonNegative("BPR regularization", regularization);
        HyperParameters.requireAtLeastOne("BPR epochs", epochs);
    }

    /** The defaults: 64 factors, learning rate 0.01, regularization 0.01, 100 epochs, with the given seed. */
    public static Bpr withDefaults(long seed) {
        return new Bpr(64, 0.01, 0.01, 100, seed);
    }

    /** The same parameters with another number of epochs. */
    public Bpr withEpochs(int newEpochs) {
        return new Bpr(factors, learningRate, regularization, newEpochs, seed);
    }

    @Override
    public String name() {
        return "BPR(factors=" + factors + ", lr=" + learningRate + ", reg=" + regularization + ", epochs=" + epochs
                + ")";
    }

    @Override
    public RecommenderModel fit(Interactions training) {
        requireNonNull(training, "training is null");
        int userCount = training.userCount();
        int itemCount = training.itemCount();
        int size = factors;
        SplittableRandom random = new SplittableRandom(seed);
        float[] userFactors = normal(userCount * size, random);
        float[] itemFactors = normal(itemCount * size, random);
        float[] itemBiases = new float[itemCount];
        int[] offsets = training.offsetArray();
        int[] items = training.itemArray();
        int total = items.length;
        int[] owners = new int[total];
        for (int user = 0; user < userCount; user++) {
            Arrays.fill(owners, offsets[user], offsets[user + 1], user);
        }
        float rate = (float) learningRate;
        float decay = (float) regularization;
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int sample = 0; sample < total; sample++) {
                int position = random.nextInt(total);
                int user = owners[position];
                int start = offsets[user];
                int end = offsets[user + 1];
                if (end - start == itemCount) {
                    continue;
                }
                int positive = items[position];
                int negative = random.nextInt(itemCount);
                while (Arrays.binarySearch(items, start, end, negative) >= 0) {
                    negative = random.nextInt(itemCount);
                }
                int userOffset = user * size;
                int positiveOffset = positive * size;
                int negativeOffset = negative * size;
                float difference = itemBiases[positive] - itemBiases[negative];
                for (int factor = 0; factor < size; factor++) {
                    difference += userFactors[userOffset + factor]
                            * (itemFactors[positiveOffset + factor] - itemFactors[negativeOffset + factor]);
                }
                // d/dx ln σ(x) = σ(-x)
                float gradient = (float) (1 / (1 + Math.exp(difference)));
                itemBiases[positive] += rate * (gradient - decay * itemBiases[positive]);
                itemBiases[negative] += rate * (-gradient - decay * itemBiases[negative]);
                for (int factor = 0; factor < size; factor++) {
                    float userValue = userFactors[userOffset + factor];
                    float positiveValue = itemFactors[positiveOffset + factor];
                    float negativeValue = itemFactors[negativeOffset + factor];
                    userFactors[userOffset + factor] +=
                            rate * (gradient * (positiveValue - negativeValue) - decay * userValue);
                    itemFactors[positiveOffset + factor] += rate * (gradient * userValue - decay * positiveValue);
                    itemFactors[negativeOffset + factor] += rate * (-gradient * userValue - decay * negativeValue);
                }
            }
        }
        return new Model(training, size, learningRate, regularization, epochs, seed, userFactors, itemFactors,
                itemBiases);
    }

    private static float[] normal(int length, SplittableRandom random) {
        float[] values = new float[length];
        for (int index = 0; index < length; index++) {
            values[index] = (float) (gaussian(random) * INITIAL_DEVIATION);
        }
        return values;
    }

    /** A standard normal draw (Box-Muller, one of the pair), from the given generator only. */
    static double gaussian(SplittableRandom random) {
        double uniform = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(uniform)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /**
     * A trained BPR model: row-major {@code float} user and item factors and item biases.
     *
     * @param training the interactions trained on
     * @param factors the rank
     * @param learningRate the SGD step, for fold-in
     * @param regularization the L2 weight, for fold-in
     * @param epochs the passes, for fold-in
     * @param seed the seed, for fold-in
     * @param userFactors {@code userCount * factors} values
     * @param itemFactors {@code itemCount * factors} values
     * @param itemBiases {@code itemCount} values
     */
    record Model(Interactions training, int factors, double learningRate, double regularization, int epochs,
            long seed, float[] userFactors, float[] itemFactors, float[] itemBiases) implements RecommenderModel {
        @Override
        public void score(int user, float[] scores) {
            scoreFactors(userFactors, user * factors, scores);
        }

        @Override
        public void scoreHistory(int[] history, float[] scores) {
            requireNonNull(history, "history is null");
            scoreFactors(foldIn(history), 0, scores);
        }

        /**
         * The user vector trained as in {@link Bpr#fit} with the item factors and biases fixed: starting from zero,
         * {@code epochs} passes of {@code |H|} triples, each a history item drawn uniformly and a uniform item outside
         * the history, at the trained learning rate and regularization, from a generator seeded by the model's seed,
         * so the same history always folds in to the same vector. A training user's history gets the same number of
         * updates as training gave it, so the folded-in vector is as far from its starting point as the trained one.
         * Zero for an empty history or one that holds every item. Costs {@code O(epochs * |H| * factors)}.
         */
        float[] foldIn(int[] history) {
            int size = factors;
            int itemCount = training.itemCount();
            boolean[] inHistory = new boolean[itemCount];
            int[] positives = new int[history.length];
            int positiveCount = 0;
            for (int item : history) {
                if (item < 0 || item >= itemCount) {
                    throw MarqueeException.invalid("history item index out of range: %s", item);
                }
                if (!inHistory[item]) {
                    inHistory[item] = true;
                    positives[positiveCount++] = item;
                }
            }
            float[] vector = new float[size];
            if (positiveCount == 0 || positiveCount == itemCount) {
                return vector;
            }
            // Sorted, so that the draws depend on the history as a set, not on the order it was given in.
            Arrays.sort(positives, 0, positiveCount);
            SplittableRandom random = new SplittableRandom(seed);
            float rate = (float) learningRate;
            float decay = (float) regularization;
            for (int epoch = 0; epoch < epochs; epoch++) {
                for (int sample = 0; sample < positiveCount; sample++) {
                    int positive = positives[random.nextInt(positiveCount)];
                    int negative = random.nextInt(itemCount);
                    while (inHistory[negative]) {
                        negative = random.nextInt(itemCount);
                    }
                    int positiveOffset = positive * size;
                    int negativeOffset = negative * size;
                    float difference = itemBiases[positive] - itemBiases[negative];
                    for (int factor = 0; factor < size; factor++) {
                        difference += vector[factor]
                                * (itemFactors[positiveOffset + factor] - itemFactors[negativeOffset + factor]);
                    }
                    float gradient = (float) (1 / (1 + Math.exp(difference)));
                    for (int factor = 0; factor < size; factor++) {
                        vector[factor] += rate * (gradient
                                * (itemFactors[positiveOffset + factor] - itemFactors[negativeOffset + factor])
                                - decay * vector[factor]);
                    }
                }
            }
            return vector;
        }

        private void scoreFactors(float[] factorRows, int offset, float[] scores) {
            int size = factors;
            int itemCount = training.itemCount();
            for (int item = 0; item < itemCount; item++) {
                int itemOffset = item * size;
                float sum = itemBiases[item];
                for (int factor = 0; factor < size; factor++) {
                    sum += factorRows[offset + factor] * itemFactors[itemOffset + factor];
                }
                scores[item] = sum;
            }
        }
    }
}
