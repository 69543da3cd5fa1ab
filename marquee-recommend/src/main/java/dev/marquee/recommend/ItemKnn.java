package dev.marquee.recommend;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Item-based k-nearest neighbours. Each item keeps its {@code neighbours} most similar other items (ties to the lower
 * item index). Two similarities:
 *
 * <ul>
 *   <li>{@link Cosine} (the default), as RecBole's {@code ItemKNN}: binary cosine with shrinkage,
 *       {@code sim(i, j) = |U(i) ∩ U(j)| / (sqrt|U(i)| * sqrt|U(j)| + shrink + 10⁻⁶)}; a user's score for item
 *       {@code j} is the sum of {@code sim(i, j)} over the history items {@code i} among {@code j}'s neighbours.
 *   <li>{@link Bm25}, as the {@code implicit} library's {@code BM25Recommender}: the dot product of the items'
 *       BM25-weighted user columns, {@code sim(i, j) = Σ over u in U(i) ∩ U(j) of w(i, u) w(j, u)} with
 *       {@code w(i, u) = (k1 + 1) / (k1 * ((1 - b) + b |U(i)| / mean|U|) + 1) * idf(u)} and
 *       {@code idf(u) = ln(items) - ln(1 + |I(u)|)} (relevance is binary, so every term frequency is 1); it
 *       down-weights the co-occurrences of heavy users and of popular items. As in {@code implicit}, a user's score
 *       for item {@code j} is the sum of {@code sim(i, j)} over the history items {@code i} that have {@code j} among
 *       their neighbours (the similarity is unnormalised, so each history item votes for its own top items only).
 *       Unlike {@code implicit}, an item is not its own neighbour, so {@code neighbours} counts other items.
 * </ul>
 *
 * @param neighbours the neighbours kept per item, at least 1 (RecBole's default is 100)
 * @param shrink added to the cosine denominator, at least 0 (RecBole's default is 0); must be 0 with BM25
 * @param similarity how items are compared
 */
public record ItemKnn(int neighbours, double shrink, Similarity similarity) implements Recommender {
    public ItemKnn {
        if (neighbours < 1) {
            throw MarqueeException.invalid("item-kNN neighbours must be at least 1: %s", neighbours);
        }
        if (!(shrink >= 0) || Double.isInfinite(shrink)) {
            throw MarqueeException.invalid("item-kNN shrink must be a finite non-negative number: %s", shrink);
        }
        requireNonNull(similarity, "similarity is null");
        if (similarity instanceof Bm25 && shrink != 0) {
            throw MarqueeException.invalid("item-kNN shrink applies to cosine only; with BM25 it must be 0: %s",
                    shrink);
        }
    }

    /** Cosine item-kNN (RecBole's {@code ItemKNN}). */
    public ItemKnn(int neighbours, double shrink) {
        this(neighbours, shrink, new Cosine());
    }

    /** BM25 item-kNN with the {@code implicit} library's defaults {@code k1 = 1.2}, {@code b = 0.75}. */
    public static ItemKnn bm25(int neighbours) {
        return new ItemKnn(neighbours, 0, Bm25.withDefaults());
    }

    /** How item-kNN compares two items. */
    public sealed interface Similarity permits Cosine, Bm25 {}

    /** Binary cosine with the record's shrink. */
    public record Cosine() implements Similarity {}

    /**
     * BM25 weighting of the item-user matrix.
     *
     * @param k1 the term-frequency saturation, finite and non-negative (1.2 by default)
     * @param b the length normalisation, from 0 (none) to 1 (full) (0.75 by default)
     */
    public record Bm25(double k1, double b) implements Similarity {
        public Bm25 {
            if (!(k1 >= 0) || Double.isInfinite(k1)) {
                throw MarqueeException.invalid("BM25 k1 must be a finite non-negative number: %s", k1);
            }
            if (!(b >= 0 && b <= 1)) {
                throw MarqueeException.invalid("BM25 b must lie between 0 and 1: %s", b);
            }
        }

        /** {@code k1 = 1.2}, {@code b = 0.75}, as {@code implicit}'s {@code BM25Recommender}. */
        public static Bm25 withDefaults() {
            return new Bm25(1.2, 0.75);
        }
    }

    @Override
    public String name() {
        return switch (similarity) {
            case Cosine cosine -> "ItemKNN(k=" + neighbours + ", shrink=" + shrink + ")";
            case Bm25 bm25 -> "ItemKNN-BM25(k=" + neighbours + ", k1=" + bm25.k1() + ", b=" + bm25.b() + ")";
        };
    }

    @Override
    public RecommenderModel fit(Interactions training) {
        requireNonNull(training, "training is null");
        int itemCount = training.itemCount();
        int[][] neighbourItems = new int[itemCount][];
        float[][] neighbourWeights = new float[itemCount][];
        return switch (similarity) {
            case Cosine cosine -> {
                cosineNeighbours(training, neighbourItems, neighbourWeights);
                yield inverted(training, neighbourItems, neighbourWeights);
            }
            case Bm25 bm25 -> {
                bm25Neighbours(training, bm25, neighbourItems, neighbourWeights);
                yield direct(training, neighbourItems, neighbourWeights);
            }
        };
    }

    /** A model where history item {@code i} adds {@code sim(i, j)} to each of its own neighbours {@code j}. */
    private static Model direct(Interactions training, int[][] neighbourItems, float[][] neighbourWeights) {
        int itemCount = training.itemCount();
        int[] offsets = new int[itemCount + 1];
        for (int item = 0; item < itemCount; item++) {
            offsets[item + 1] = offsets[item] + neighbourItems[item].length;
        }
        int[] targets = new int[offsets[itemCount]];
        float[] weights = new float[offsets[itemCount]];
        for (int item = 0; item < itemCount; item++) {
            System.arraycopy(neighbourItems[item], 0, targets, offsets[item], neighbourItems[item].length);
            System.arraycopy(neighbourWeights[item], 0, weights, offsets[item], neighbourWeights[item].length);
        }
        return new Model(training, offsets, targets, weights);
    }

    /** A model where history item {@code i} adds {@code sim(i, j)} to each {@code j} having {@code i} as neighbour. */
    private static Model inverted(Interactions training, int[][] neighbourItems, float[][] neighbourWeights) {
        int itemCount = training.itemCount();
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

    private void cosineNeighbours(Interactions training, int[][] neighbourItems, float[][] neighbourWeights) {
        int itemCount = training.itemCount();
        ItemUsers itemUsers = new ItemUsers(training);
        double[] norms = new double[itemCount];
        for (int item = 0; item < itemCount; item++) {
            norms[item] = Math.sqrt(itemUsers.userCount(item));
        }
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
            keepBest(item, candidates, similarities, candidateCount, neighbourItems, neighbourWeights);
        });
    }

    /**
     * BM25: {@code sim(i, j) = a_i a_j Σ idf(u)²} over the common users, where {@code a_i} is the item's length factor
     * {@code (k1 + 1) / (k1 * norm_i + 1)}. Rows are computed in parallel over fixed blocks of items; each row's sums
     * run over the item's users in index order, so the result does not depend on the threads.
     */
    private void bm25Neighbours(Interactions training, Bm25 bm25, int[][] neighbourItems,
            float[][] neighbourWeights) {
        int itemCount = training.itemCount();
        int userCount = training.userCount();
        int[] userOffsets = training.offsetArray();
        int[] userItems = training.itemArray();
        int[] itemOffsets = new int[itemCount + 1];
        for (int item : userItems) {
            itemOffsets[item + 1]++;
        }
        for (int item = 0; item < itemCount; item++) {
            itemOffsets[item + 1] += itemOffsets[item];
        }
        int[] itemUsers = new int[userItems.length];
        int[] next = Arrays.copyOf(itemOffsets, itemCount);
        for (int user = 0; user < userCount; user++) {
            for (int position = userOffsets[user]; position < userOffsets[user + 1]; position++) {
                itemUsers[next[userItems[position]]++] = user;
            }
        }
        double[] squaredIdf = new double[userCount];
        for (int user = 0; user < userCount; user++) {
            double idf = Math.log(itemCount) - Math.log1p(training.count(user));
            squaredIdf[user] = idf * idf;
        }
        double meanLength = itemCount == 0 ? 0 : userItems.length / (double) itemCount;
        double[] lengthFactors = new double[itemCount];
        for (int item = 0; item < itemCount; item++) {
            double length = itemOffsets[item + 1] - itemOffsets[item];
            double norm = (1 - bm25.b()) + (meanLength > 0 ? bm25.b() * length / meanLength : 0);
            lengthFactors[item] = (bm25.k1() + 1) / (bm25.k1() * norm + 1);
        }
        int blockSize = 64;
        int blocks = (itemCount + blockSize - 1) / blockSize;
        IntStream.range(0, blocks).parallel().forEach(block -> {
            double[] sums = new double[itemCount];
            int[] touched = new int[itemCount];
            boolean[] marked = new boolean[itemCount];
            int last = Math.min(itemCount, (block + 1) * blockSize);
            for (int item = block * blockSize; item < last; item++) {
                int touchedCount = 0;
                for (int index = itemOffsets[item]; index < itemOffsets[item + 1]; index++) {
                    int user = itemUsers[index];
                    double weight = squaredIdf[user];
                    for (int position = userOffsets[user]; position < userOffsets[user + 1]; position++) {
                        int other = userItems[position];
                        if (other != item) {
                            if (!marked[other]) {
                                marked[other] = true;
                                touched[touchedCount++] = other;
                            }
                            sums[other] += weight;
                        }
                    }
                }
                Arrays.sort(touched, 0, touchedCount);
                int[] candidates = Arrays.copyOf(touched, touchedCount);
                float[] similarities = new float[touchedCount];
                for (int index = 0; index < touchedCount; index++) {
                    int other = touched[index];
                    similarities[index] = (float) (lengthFactors[item] * lengthFactors[other] * sums[other]);
                    sums[other] = 0;
                    marked[other] = false;
                }
                keepBest(item, candidates, similarities, touchedCount, neighbourItems, neighbourWeights);
            }
        });
    }

    private void keepBest(int item, int[] candidates, float[] similarities, int candidateCount,
            int[][] neighbourItems, float[][] neighbourWeights) {
        int[] best = TopK.select(Arrays.copyOf(similarities, candidateCount), neighbours, new int[0]);
        int[] bestItems = new int[best.length];
        float[] weights = new float[best.length];
        for (int index = 0; index < best.length; index++) {
            bestItems[index] = candidates[best[index]];
            weights[index] = similarities[best[index]];
        }
        neighbourItems[item] = bestItems;
        neighbourWeights[item] = weights;
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
