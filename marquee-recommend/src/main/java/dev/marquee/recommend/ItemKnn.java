package dev.marquee.recommend;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import java.util.Arrays;

/**
 * Item-based k-nearest neighbours as RecBole's {@code ItemKNN}: binary cosine similarity with shrinkage,
 * {@code sim(i, j) = |U(i) ∩ U(j)| / (sqrt|U(i)| * sqrt|U(j)| + shrink + 10⁻⁶)}; each item keeps its
 * {@code neighbours} most similar other items (ties to the lower item index), and a user's score for item {@code j}
 * is the sum of {@code sim(i, j)} over the history items {@code i} among {@code j}'s neighbours.
 *
 * @param neighbours the neighbours kept per item, at least 1 (RecBole's default is 100)
 * @param shrink added to the cosine denominator, at least 0 (RecBole's default is 0)
 */
public record ItemKnn(int neighbours, double shrink) implements Recommender {
    public ItemKnn {
        if (neighbours < 1) {
            throw MarqueeException.invalid("item-kNN neighbours must be at least 1: %s", neighbours);
        }
        if (!(shrink >= 0) || Double.isInfinite(shrink)) {
            throw MarqueeException.invalid("item-kNN shrink must be a finite non-negative number: %s", shrink);
        }
    }

    @Override
    public String name() {
        return "ItemKNN(k=" + neighbours + ", shrink=" + shrink + ")";
    }

    @Override
    public RecommenderModel fit(Interactions training) {
        requireNonNull(training, "training is null");
        int itemCount = training.itemCount();
        ItemUsers itemUsers = new ItemUsers(training);
        double[] norms = new double[itemCount];
        for (int item = 0; item < itemCount; item++) {
            norms[item] = Math.sqrt(itemUsers.userCount(item));
        }
        int[][] neighbourItems = new int[itemCount][];
        float[][] neighbourWeights = new float[itemCount][];
        itemUsers.forEachRow((item, counts, touched, touchedCount) -> {
            // Only co-occurring items have a positive similarity: select among them, in item order so that ties go
            // to the lower item index.
            Arrays.sort(touched, 0, touchedCount);
            int[] candidates = new int[touchedCount];
            float[] similarities = new float[touchedCount];
            int candidateCount = 0;
            for (int index = 0; index < touchedCount; index++) {
                int other = touched[index];
                if (other != item) {
                    candidates[candidateCount] = other;
                    similarities[candidateCount] =
                            (float) (counts[other] / (norms[item] * norms[other] + shrink + 1e-6));
                    candidateCount++;
                }
            }
            int[] best = TopK.select(Arrays.copyOf(similarities, candidateCount), neighbours, new int[0]);
            int[] bestItems = new int[best.length];
            float[] weights = new float[best.length];
            for (int index = 0; index < best.length; index++) {
                bestItems[index] = candidates[best[index]];
                weights[index] = similarities[best[index]];
            }
            neighbourItems[item] = bestItems;
            neighbourWeights[item] = weights;
        });
        // Invert "j's neighbours" into "items i is a neighbour of", so scoring walks the history items' rows.
        int[] offsets = new int[itemCount + 1];
        for (int[] best : neighbourItems) {
            for (int neighbour : best) {
                offsets[neighbour + 1]++;
            }
        }
        for (int item = 0; item < itemCount; item++) {
            offsets[item + 1] += offsets[item];
        }
        int[] targets = new int[offsets[itemCount]];
        float[] weights = new float[offsets[itemCount]];
        int[] next = Arrays.copyOf(offsets, itemCount);
        for (int target = 0; target < itemCount; target++) {
            for (int index = 0; index < neighbourItems[target].length; index++) {
                int slot = next[neighbourItems[target][index]]++;
                targets[slot] = target;
                weights[slot] = neighbourWeights[target][index];
            }
        }
        return new Model(training, offsets, targets, weights);
    }

    record Model(Interactions training, int[] offsets, int[] targets, float[] weights)
            implements RecommenderModel {
        @Override
        public void scoreHistory(int[] history, float[] scores) {
            Arrays.fill(scores, 0, training.itemCount(), 0f);
            for (int item : history) {
                for (int index = offsets[item]; index < offsets[item + 1]; index++) {
                    scores[targets[index]] += weights[index];
                }
            }
        }
    }
}
