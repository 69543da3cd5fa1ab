package dev.marquee.recommend;

import java.util.Arrays;
import java.util.Optional;

/**
 * The exact split of a history's score for an item into one share per history item, for the model types whose score
 * is a sum over the history (see {@link Because}). Built once per request and history.
 */
sealed interface ScoreDecomposition {
    /** Writes the share of {@code history[j]} in the score of {@code item} into {@code shares[j]}. */
    void shares(int item, double[] shares);

    /** The decomposition for this model type, or empty when it has none. */
    static Optional<ScoreDecomposition> of(RecommenderModel model, int[] history) {
        if (model instanceof ItemKnn.Model knn) {
            return Optional.of(new Neighbours(knn, history));
        }
        if (model instanceof Ease.Model ease) {
            return Optional.of(new WeightRows(ease, history));
        }
        if (model instanceof ImplicitAls.Model als) {
            return Optional.of(AlsShares.of(als, history));
        }
        return Optional.empty();
    }

    /** Item-kNN: the share of history item {@code h} is its similarity to the item, when it is a neighbour. */
    record Neighbours(ItemKnn.Model model, int[] history) implements ScoreDecomposition {
        @Override
        public void shares(int item, double[] shares) {
            int[] offsets = model.offsets();
            int[] targets = model.targets();
            for (int index = 0; index < history.length; index++) {
                int row = history[index];
                // Each row's targets are increasing: the model inverts neighbour lists in target order.
                int found = Arrays.binarySearch(targets, offsets[row], offsets[row + 1], item);
                shares[index] = found >= 0 ? model.weights()[found] : 0;
            }
        }
    }

    /** EASE: the share of history item {@code h} is {@code B[h][item]}. */
    record WeightRows(Ease.Model model, int[] history) implements ScoreDecomposition {
        @Override
        public void shares(int item, double[] shares) {
            int itemCount = model.training().itemCount();
            for (int index = 0; index < history.length; index++) {
                shares[index] = model.weights()[history[index] * itemCount + item];
            }
        }
    }

    /**
     * Implicit ALS, as the {@code implicit} library explains: the folded-in user is {@code x = W Σ_j c_j y_j} with
     * {@code W = (YᵀY + α Σ_j y_j y_jᵀ + λI)⁻¹} and {@code c_j = 1 + α}, so the share of {@code j} in
     * {@code y_iᵀ x} is {@code c_j · y_iᵀ W y_j}. {@code W y_i} is one Cholesky solve per explained item.
     *
     * @param factor the Cholesky factor {@code L} of {@code W⁻¹}, row-major lower triangle
     */
    record AlsShares(ImplicitAls.Model model, int[] history, double[] factor) implements ScoreDecomposition {
        static AlsShares of(ImplicitAls.Model model, int[] history) {
            int size = model.factors();
            float[] itemFactors = model.itemFactors();
            double[] matrix = model.itemGram().clone();
            for (int item : history) {
                int offset = item * size;
                for (int first = 0; first < size; first++) {
                    double value = model.alpha() * itemFactors[offset + first];
                    for (int second = 0; second < size; second++) {
                        matrix[first * size + second] += value * itemFactors[offset + second];
                    }
                }
            }
            double diagonal = model.regularizationFor(history.length);
            for (int factor = 0; factor < size; factor++) {
                matrix[factor * size + factor] += diagonal;
            }
            Cholesky.factor(matrix, size);
            return new AlsShares(model, history, matrix);
        }

        @Override
        public void shares(int item, double[] shares) {
            int size = model.factors();
            float[] itemFactors = model.itemFactors();
            double[] solution = new double[size];
            for (int row = 0; row < size; row++) {
                solution[row] = itemFactors[item * size + row];
            }
            Cholesky.solveFactored(factor, solution, size);
            double confidence = 1 + model.alpha();
            for (int index = 0; index < history.length; index++) {
                int offset = history[index] * size;
                double dot = 0;
                for (int factorIndex = 0; factorIndex < size; factorIndex++) {
                    dot += itemFactors[offset + factorIndex] * solution[factorIndex];
                }
                shares[index] = confidence * dot;
            }
        }
    }
}
