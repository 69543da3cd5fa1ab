package dev.marquee.recommend;

/**
 * Exact top-K selection with a bounded min-heap: {@code O(n log k)} over {@code n} scores. Higher scores come first;
 * among equal scores the lower item index comes first, so results replay. Scores that are NaN are never selected.
 */
public final class TopK {
    private TopK() {}

    /**
     * The indexes of the (at most) {@code k} highest scores, best first, skipping the items in {@code excluded}
     * (strictly increasing item indexes, for example a user's history from {@link Interactions#itemsOf(int)}).
     */
    public static int[] select(float[] scores, int k, int[] excluded) {
        return select(scores, k, excluded, 0, excluded.length);
    }

    /** As {@link #select(float[], int, int[])}, excluding {@code excluded[from..to)}. */
    static int[] select(float[] scores, int k, int[] excluded, int from, int to) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive: " + k);
        }
        int capacity = Math.min(k, scores.length);
        int[] heapItems = new int[capacity];
        float[] heapScores = new float[capacity];
        int size = 0;
        int next = from;
        for (int item = 0; item < scores.length; item++) {
            while (next < to && excluded[next] < item) {
                next++;
            }
            if (next < to && excluded[next] == item) {
                continue;
            }
            float score = scores[item];
            if (Float.isNaN(score)) {
                continue;
            }
            if (size < capacity) {
                heapItems[size] = item;
                heapScores[size] = score;
                siftUp(heapItems, heapScores, size);
                size++;
            } else if (better(score, item, heapScores[0], heapItems[0])) {
                heapItems[0] = item;
                heapScores[0] = score;
                siftDown(heapItems, heapScores, size);
            }
        }
        // Pop the worst repeatedly, filling from the back.
        int[] result = new int[size];
        for (int index = size - 1; index >= 0; index--) {
            result[index] = heapItems[0];
            size--;
            heapItems[0] = heapItems[size];
            heapScores[0] = heapScores[size];
            siftDown(heapItems, heapScores, size);
        }
        return result;
    }

    /**
     * A bounded selection fed item by item in increasing item order, for kernels that score and select in one pass
     * (so they can skip whole blocks whose scores cannot enter). Not thread-safe.
     */
    static final class Selection {
        private final int[] heapItems;
        private final float[] heapScores;
        private int size;

        Selection(int k) {
            if (k <= 0) {
                throw new IllegalArgumentException("k must be positive: " + k);
            }
            heapItems = new int[k];
            heapScores = new float[k];
        }

        boolean full() {
            return size == heapItems.length;
        }

        /** The score an item must exceed to enter once the selection is full (items come in increasing order). */
        float threshold() {
            return heapScores[0];
        }

        /** Offers an item with a higher index than every item offered before; NaN scores are ignored. */
        void offer(int item, float score) {
            if (Float.isNaN(score)) {
                return;
            }
            if (size < heapItems.length) {
                heapItems[size] = item;
                heapScores[size] = score;
                siftUp(heapItems, heapScores, size);
                size++;
            } else if (score > heapScores[0]) {
                heapItems[0] = item;
                heapScores[0] = score;
                siftDown(heapItems, heapScores, size);
            }
        }

        /** The selected items, best first; empties the selection. */
        int[] drain() {
            int[] result = new int[size];
            for (int index = size - 1; index >= 0; index--) {
                result[index] = heapItems[0];
                size--;
                heapItems[0] = heapItems[size];
                heapScores[0] = heapScores[size];
                siftDown(heapItems, heapScores, size);
            }
            return result;
        }
    }

    /** Whether (score, item) ranks above (otherScore, otherItem). */
    private static boolean better(float score, int item, float otherScore, int otherItem) {
        return score > otherScore || (score == otherScore && item < otherItem);
    }

    private static void siftUp(int[] items, float[] scores, int index) {
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            if (!better(scores[parent], items[parent], scores[index], items[index])) {
                break;
            }
            swap(items, scores, parent, index);
            index = parent;
        }
    }

    private static void siftDown(int[] items, float[] scores, int size) {
        int index = 0;
        while (true) {
            int left = 2 * index + 1;
            if (left >= size) {
                return;
            }
            int worst = left;
            int right = left + 1;
            if (right < size && better(scores[worst], items[worst], scores[right], items[right])) {
                worst = right;
            }
            if (!better(scores[index], items[index], scores[worst], items[worst])) {
                return;
            }
            swap(items, scores, index, worst);
            index = worst;
        }
    }

    private static void swap(int[] items, float[] scores, int first, int second) {
        int item = items[first];
        items[first] = items[second];
        items[second] = item;
        float score = scores[first];
        scores[first] = scores[second];
        scores[second] = score;
    }
}
