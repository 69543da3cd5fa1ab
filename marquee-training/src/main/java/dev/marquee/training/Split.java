package dev.marquee.training;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded train/test split of row indexes; each side in ascending order. The same rows, fraction and seed always
 * give the same split.
 */
record Split(int[] train, int[] test) {
    Split {
        requireNonNull(train, "train is null");
        requireNonNull(test, "test is null");
    }

    /** Holds out {@code round(rows · testFraction)} random rows, at least one; needs at least 2 rows. */
    static Split random(int rows, double testFraction, long seed) {
        int[] shuffled = shuffled(allRows(rows), new SplittableRandom(seed));
        int testRows = Math.clamp(Math.round(rows * testFraction), 1, rows - 1);
        return new Split(sorted(Arrays.copyOfRange(shuffled, testRows, rows)), sorted(Arrays.copyOf(shuffled, testRows)));
    }

    /**
     * Holds out {@code round(count · testFraction)} random rows of each class but never a class's last row, so every
     * class is trained on; when that holds out nothing, one row of the largest class.
     *
     * @param labels the class index per row
     * @throws MarqueeException INVALID_ARGUMENT when no class has two rows
     */
    static Split stratified(int[] labels, int classes, double testFraction, long seed) {
        List<List<Integer>> rowsByClass = new ArrayList<>();
        for (int label = 0; label < classes; label++) {
            rowsByClass.add(new ArrayList<>());
        }
        for (int row = 0; row < labels.length; row++) {
            rowsByClass.get(labels[row]).add(row);
        }
        int[] testCounts = new int[classes];
        int largest = 0;
        for (int label = 0; label < classes; label++) {
            int count = rowsByClass.get(label).size();
            testCounts[label] = (int) Math.min(count - 1L, Math.round(count * testFraction));
            largest = count > rowsByClass.get(largest).size() ? label : largest;
        }
        if (Arrays.stream(testCounts).sum() == 0) {
            if (rowsByClass.get(largest).size() < 2) {
                throw MarqueeException.invalid("cannot hold out a test row: every class has a single row");
            }
            testCounts[largest] = 1;
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] train = new int[labels.length - Arrays.stream(testCounts).sum()];
        int[] test = new int[labels.length - train.length];
        int trainSize = 0;
        int testSize = 0;
        for (int label = 0; label < classes; label++) {
            int[] shuffled = shuffled(rowsByClass.get(label).stream().mapToInt(Integer::intValue).toArray(), random);
            for (int index = 0; index < shuffled.length; index++) {
                if (index < testCounts[label]) {
                    test[testSize++] = shuffled[index];
                }
                else {
                    train[trainSize++] = shuffled[index];
                }
            }
        }
        return new Split(sorted(train), sorted(test));
    }

    private static int[] allRows(int rows) {
        int[] all = new int[rows];
        Arrays.setAll(all, row -> row);
        return all;
    }

    /** Fisher-Yates shuffle of a copy. */
    private static int[] shuffled(int[] rows, SplittableRandom random) {
        int[] copy = rows.clone();
        for (int index = copy.length - 1; index > 0; index--) {
            int other = random.nextInt(index + 1);
            int swap = copy[index];
            copy[index] = copy[other];
            copy[other] = swap;
        }
        return copy;
    }

    private static int[] sorted(int[] rows) {
        Arrays.sort(rows);
        return rows;
    }
}
