package dev.marquee.recommend;

import java.util.Arrays;

/**
 * The training users of every item (compressed sparse columns, users increasing), for the co-occurrence cosine
 * {@code |U(i) ∩ U(j)| / sqrt(|U(i)| |U(j)|)}: the item-item similarity every model type has, used by diversity
 * re-ranking and by similar items for models without item-item weights. Takes 4 bytes per interaction. Thread-safe.
 */
final class ItemCooccurrence {
    private final Interactions training;
    private final int[] offsets;
    private final int[] users;

    ItemCooccurrence(Interactions training) {
        this.training = training;
        int itemCount = training.itemCount();
        int[] itemArray = training.itemArray();
        offsets = new int[itemCount + 1];
        for (int item : itemArray) {
            offsets[item + 1]++;
        }
        for (int item = 0; item < itemCount; item++) {
            offsets[item + 1] += offsets[item];
        }
        users = new int[itemArray.length];
        int[] next = Arrays.copyOf(offsets, itemCount);
        for (int user = 0; user < training.userCount(); user++) {
            for (int position = training.start(user); position < training.end(user); position++) {
                users[next[itemArray[position]]++] = user;
            }
        }
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
        return new long[(training.userCount() + 63) >>> 6];
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

    int userCount(int item) {
        return offsets[item + 1] - offsets[item];
    }

    /** Writes the cosine of {@code item} with every item into {@code scores}. */
    void cosineRow(int item, float[] scores) {
        Arrays.fill(scores, 0f);
        int[] userOffsets = training.offsetArray();
        int[] itemArray = training.itemArray();
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
