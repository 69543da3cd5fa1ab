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
 * <p>A history ({@link RecommenderModel#scoreHistory}, fold-in) gets the user vector that maximises the expected
 * per-triple objective against the fixed item factors and biases, {@code mean over i in H, j not in H of ln σ(x_ij) -
 * (regularization / 2)|p|²}, computed over all negatives (no sampling, so it is deterministic) by Nesterov-accelerated
 * gradient ascent; it costs {@code O(steps * (items * factors + |H| * items))}.
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
    /** Gradient steps of a fold-in. */
    private static final int FOLD_IN_STEPS = 300;
    /** A fold-in stops once the squared gradient norm falls below this. */
    private static final double FOLD_IN_CONVERGED = 1e-14;

    public Bpr {
        if (factors < 1) {
            throw MarqueeException.invalid("BPR factors must be at least 1: %s", factors);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw MarqueeException.invalid("BPR learning rate must be a finite positive number: %s", learningRate);
        }
        if (!(regularization >= 0) || Double.isInfinite(regularization)) {
            throw MarqueeException.invalid("BPR regularization must be a finite non-negative number: %s",
                    regularization);
        }
        if (epochs < 1) {
            throw MarqueeException.invalid("BPR epochs must be at least 1: %s", epochs);
        }
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
        return new Model(training, size, regularization, userFactors, itemFactors, itemBiases);
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
     * @param regularization the L2 weight, for fold-in
     * @param userFactors {@code userCount * factors} values
     * @param itemFactors {@code itemCount * factors} values
     * @param itemBiases {@code itemCount} values
     */
    record Model(Interactions training, int factors, double regularization, float[] userFactors,
            float[] itemFactors, float[] itemBiases) implements RecommenderModel {
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
         * The user vector maximising the mean of {@code ln σ(s_i - s_j)} over history items {@code i} and the other
         * items {@code j}, minus {@code (regularization / 2)|p|²}; zero for an empty history or one that holds every
         * item.
         */
        float[] foldIn(int[] history) {
            int size = factors;
            int itemCount = training.itemCount();
            boolean[] inHistory = new boolean[itemCount];
            int positives = 0;
            for (int item : history) {
                if (item < 0 || item >= itemCount) {
                    throw MarqueeException.invalid("history item index out of range: %s", item);
                }
                if (!inHistory[item]) {
                    inHistory[item] = true;
                    positives++;
                }
            }
            int negatives = itemCount - positives;
            float[] result = new float[size];
            if (positives == 0 || negatives == 0) {
                return result;
            }
            int[] positiveItems = new int[positives];
            int[] negativeItems = new int[negatives];
            int positiveCount = 0;
            int negativeCount = 0;
            double largestNorm = 0;
            for (int item = 0; item < itemCount; item++) {
                if (inHistory[item]) {
                    positiveItems[positiveCount++] = item;
                } else {
                    negativeItems[negativeCount++] = item;
                }
                double norm = 0;
                for (int factor = 0; factor < size; factor++) {
                    double value = itemFactors[item * size + factor];
                    norm += value * value;
                }
                largestNorm = Math.max(largestNorm, norm);
            }
            // The Hessian of ln σ is at most 1/4 and |q_i - q_j|² at most 4 max|q|²: a step of 1/L always ascends.
            double step = 1 / (largestNorm + regularization);
            double pairs = (double) positives * negatives;
            double[] current = new double[size];
            double[] previous = new double[size];
            double[] lookahead = new double[size];
            double[] gradient = new double[size];
            double[] itemScores = new double[itemCount];
            double[] coefficients = new double[itemCount];
            double momentum = 1;
            for (int iteration = 0; iteration < FOLD_IN_STEPS; iteration++) {
                for (int item = 0; item < itemCount; item++) {
                    int offset = item * size;
                    double score = itemBiases[item];
                    for (int factor = 0; factor < size; factor++) {
                        score += lookahead[factor] * itemFactors[offset + factor];
                    }
                    itemScores[item] = score;
                }
                Arrays.fill(coefficients, 0);
                for (int positive : positiveItems) {
                    double positiveScore = itemScores[positive];
                    double sum = 0;
                    for (int negative : negativeItems) {
                        double weight = 1 / (1 + Math.exp(positiveScore - itemScores[negative]));
                        sum += weight;
                        coefficients[negative] -= weight;
                    }
                    coefficients[positive] = sum;
                }
                for (int factor = 0; factor < size; factor++) {
                    gradient[factor] = -regularization * lookahead[factor];
                }
                for (int item = 0; item < itemCount; item++) {
                    double coefficient = coefficients[item] / pairs;
                    int offset = item * size;
                    for (int factor = 0; factor < size; factor++) {
                        gradient[factor] += coefficient * itemFactors[offset + factor];
                    }
                }
                double gradientNorm = 0;
                for (double value : gradient) {
                    gradientNorm += value * value;
                }
                if (gradientNorm < FOLD_IN_CONVERGED) {
                    System.arraycopy(lookahead, 0, current, 0, size);
                    break;
                }
                double nextMomentum = (1 + Math.sqrt(1 + 4 * momentum * momentum)) / 2;
                double blend = (momentum - 1) / nextMomentum;
                for (int factor = 0; factor < size; factor++) {
                    previous[factor] = current[factor];
                    current[factor] = lookahead[factor] + step * gradient[factor];
                    lookahead[factor] = current[factor] + blend * (current[factor] - previous[factor]);
                }
                momentum = nextMomentum;
            }
            for (int factor = 0; factor < size; factor++) {
                result[factor] = (float) current[factor];
            }
            return result;
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
