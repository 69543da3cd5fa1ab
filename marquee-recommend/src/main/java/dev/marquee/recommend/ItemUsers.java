package dev.marquee.recommend;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The item-major (compressed sparse column) view of interactions, and item-item co-occurrence counts computed from it
 * in parallel over blocks of items. Co-occurrence of items {@code i} and {@code j} is the number of users who
 * interacted with both; for {@code i == j} it is the item's user count.
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
}
