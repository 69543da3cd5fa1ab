package dev.marquee.recommend;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The item-major (compressed sparse column) view of interactions, and item-item co-occurrence counts computed from it
 * in parallel over blocks of items. Co-occurrence of items {@code i} and {@code j} is the number of users who
 * interacted with both; for {@code i == j} it is the item's user count. The co-occurrence cosine
 * {@code |U(i) ∩ U(j)| / sqrt(|U(i)| |U(j)|)} is the item-item similarity every model type has, used by diversity
 * re-ranking and by similar items for models without item-item weights. Takes 4 bytes per interaction. Thread-safe.
 */
final class ItemUsers {
    /** Items per parallel task: each task owns one counts array, so allocation stays {@code O(items)} per block. */
    private static final int BLOCK = 64;

    private final Interactions interactions;
    private final int[] offsets;
    private final int[] users;

    ItemUsers(Interactions interactions) {
        this.interactions = interactions;
        int itemCount = interactions.itemCount();
        int[] itemArray = interactions.itemArray();
        offsets = new int[itemCount + 1];
        for (int item : itemArray) {
            offsets[item + 1]++;
        }
        for (int item = 0; item < itemCount; item++) {
            offsets[item + 1] += offsets[item];
        }
        users = new int[itemArray.length];
        int[] next = Arrays.copyOf(offsets, itemCount);
        for (int user = 0; user < interactions.userCount(); user++) {
            for (int position = interactions.start(user); position < interactions.end(user); position++) {
                users[next[itemArray[position]]++] = user;
            }
        }
    }

    int userCount(int item) {
        return offsets[item + 1] - offsets[item];
    }

    /** Receives one item's co-occurrence row; {@code counts} is reused after the call returns. */
    interface RowConsumer {
        void accept(int item, int[] counts, int[] touched, int touchedCount);
    }

    /**
     * Calls {@code consumer} once for every item with its co-occurrence counts; {@code touched[0..touchedCount)} lists
     * the items with a non-zero count. Rows are produced in parallel; the consumer must only write state it owns for
     * that item.
     */
    void forEachRow(RowConsumer consumer) {
        int itemCount = interactions.itemCount();
        int blocks = (itemCount + BLOCK - 1) / BLOCK;
        IntStream.range(0, blocks).parallel().forEach(block -> {
            int[] counts = new int[itemCount];
            int[] touched = new int[itemCount];
            int[] itemArray = interactions.itemArray();
            int[] userOffsets = interactions.offsetArray();
            int last = Math.min(itemCount, (block + 1) * BLOCK);
            for (int item = block * BLOCK; item < last; item++) {
                int touchedCount = 0;
                for (int index = offsets[item]; index < offsets[item + 1]; index++) {
                    int user = users[index];
                    for (int position = userOffsets[user]; position < userOffsets[user + 1]; position++) {
                        int other = itemArray[position];
                        if (counts[other]++ == 0) {
                            touched[touchedCount++] = other;
                        }
                    }
                }
                consumer.accept(item, counts, touched, touchedCount);
                for (int index = 0; index < touchedCount; index++) {
                    counts[touched[index]] = 0;
                }
            }
        });
    }

    /** The cosine of two items' user sets; 0 when either has no users. */
    double cosine(int first, int second) {
        int firstCount = offsets[first + 1] - offsets[first];
        int secondCount = offsets[second + 1] - offsets[second];
        if (firstCount == 0 || secondCount == 0) {
            return 0;
        }
        int left = offsets[first];
        int right = offsets[second];
        int leftEnd = offsets[first + 1];
        int rightEnd = offsets[second + 1];
        int common = 0;
        while (left < leftEnd && right < rightEnd) {
            int difference = users[left] - users[right];
            if (difference == 0) {
                common++;
                left++;
                right++;
            } else if (difference < 0) {
                left++;
            } else {
                right++;
            }
        }
        return common / Math.sqrt((double) firstCount * secondCount);
    }

    /** A bitset over users, one bit per user index, for {@link #markUsers} and {@link #cosineWithMarked}. */
    long[] userMarks() {
        return new long[(interactions.userCount() + 63) >>> 6];
    }

    /** Sets ({@code value} true) or clears the bits of the item's users in {@code marks}. */
    void markUsers(int item, long[] marks, boolean value) {
        for (int index = offsets[item]; index < offsets[item + 1]; index++) {
            int user = users[index];
            if (value) {
                marks[user >>> 6] |= 1L << user;
            } else {
                marks[user >>> 6] &= ~(1L << user);
            }
        }
    }

    /**
     * The cosine of {@code item} with the item whose users are marked ({@code markedCount} of them): one pass over
     * the item's users, which is cheaper than {@link #cosine} when one item is compared with many.
     */
    double cosineWithMarked(int item, long[] marks, int markedCount) {
        int count = offsets[item + 1] - offsets[item];
        if (count == 0 || markedCount == 0) {
            return 0;
        }
        int common = 0;
        for (int index = offsets[item]; index < offsets[item + 1]; index++) {
            int user = users[index];
            common += (int) (marks[user >>> 6] >>> user) & 1;
        }
        return common / Math.sqrt((double) count * markedCount);
    }

    /** Writes the cosine of {@code item} with every item into {@code scores}. */
    void cosineRow(int item, float[] scores) {
        Arrays.fill(scores, 0f);
        int[] userOffsets = interactions.offsetArray();
        int[] itemArray = interactions.itemArray();
        for (int index = offsets[item]; index < offsets[item + 1]; index++) {
            int user = users[index];
            for (int position = userOffsets[user]; position < userOffsets[user + 1]; position++) {
                scores[itemArray[position]]++;
            }
        }
        double itemCount = offsets[item + 1] - offsets[item];
        for (int other = 0; other < scores.length; other++) {
            if (scores[other] > 0) {
                scores[other] = (float) (scores[other] / Math.sqrt(itemCount * (offsets[other + 1] - offsets[other])));
            }
        }
    }
}
