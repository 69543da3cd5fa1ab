package dev.marquee.training;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A seeded train/test split of row indexes; each side in ascending order. The same rows, fraction and seed always
 * give the same split. A cross-validation fold is a split whose {@code test} side is the validation fold.
 */
record Split(int[] train, int[] test) {
    Split {
        requireNonNull(train, "train is null");
        requireNonNull(test, "test is null");
    }

    /**
     * The caller's split: the examples whose table row is listed are the test set, all others train.
     *
     * @param tableRows per example, its table row number, ascending
     * @param testTableRows table row numbers, each below {@code tableCount}
     * @throws MarqueeException INVALID_ARGUMENT when a listed row is out of range, listed twice or has no target, or
     *     when the listed rows leave no training or no test example
     */
    static Split given(int[] tableRows, int tableCount, List<Integer> testTableRows) {
        boolean[] isTest = new boolean[tableCount];
        for (int tableRow : testTableRows) {
            if (tableRow < 0 || tableRow >= tableCount) {
                throw MarqueeException.invalid(
                        "test_rows: row %d is outside the dataset's %d rows", tableRow, tableCount);
            }
            if (isTest[tableRow]) {
                throw MarqueeException.invalid("test_rows: row %d is listed twice", tableRow);
            }
            isTest[tableRow] = true;
        }
        int[] test = IntStream.range(0, tableRows.length).filter(index -> isTest[tableRows[index]]).toArray();
        if (test.length != testTableRows.size()) {
            throw MarqueeException.invalid(
                    "test_rows: %d listed rows have no target value", testTableRows.size() - test.length);
        }
        int[] train = IntStream.range(0, tableRows.length).filter(index -> !isTest[tableRows[index]]).toArray();
        if (test.length == 0 || train.length == 0) {
            throw MarqueeException.invalid(
                    "test_rows must leave at least one test and one training row; it leaves %d and %d",
                    test.length,
                    train.length);
        }
        return new Split(train, test);
    }

    /** Holds out {@link #testRows} random rows of {@code rows}, which must be at least 2. */
    static Split random(int rows, double testFraction, long seed) {
        int[] shuffled = shuffled(allRows(rows), new SplittableRandom(seed));
        int testRows = testRows(rows, testFraction);
        return new Split(
                sorted(Arrays.copyOfRange(shuffled, testRows, rows)), sorted(Arrays.copyOf(shuffled, testRows)));
    }

    /**
     * Holds out {@link #testRows} random rows shared among the classes in proportion to their size (largest
     * remainders first, as scikit-learn does), but never a class's last row, so that every class is trained on.
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
        int[] classSizes = rowsByClass.stream().mapToInt(List::size).toArray();
        int[] testCounts = allocate(classSizes, testRows(labels.length, testFraction));
        if (Arrays.stream(testCounts).sum() == 0) {
            throw MarqueeException.invalid("cannot hold out a test row: every class has a single row");
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

    /**
     * The latest rows by time are the test set: {@link #testRows} of them, ties broken by row order.
     *
     * @param times per row, its time; finite
     */
    static Split timeOrdered(double[] times, double testFraction) {
        int[] byTime = IntStream.range(0, times.length).boxed()
                .sorted(Comparator.comparingDouble((Integer row) -> times[row]).thenComparing(row -> row))
                .mapToInt(Integer::intValue)
                .toArray();
        int trainRows = times.length - testRows(times.length, testFraction);
        return new Split(
                sorted(Arrays.copyOf(byTime, trainRows)), sorted(Arrays.copyOfRange(byTime, trainRows, times.length)));
    }

    /**
     * Seeded k-fold cross-validation: the rows are shuffled and dealt into {@code folds} folds whose sizes differ by
     * at most one. Every row is in exactly one fold's validation side.
     *
     * @throws MarqueeException INVALID_ARGUMENT when {@code folds} is below 2 or above {@code rows}
     */
    static List<Split> kFold(int rows, int folds, long seed) {
        requireFolds(rows, folds);
        return deal(shuffled(allRows(rows), new SplittableRandom(seed)), folds);
    }

    /**
     * Seeded stratified k-fold cross-validation: each class's rows are shuffled and dealt into the folds in turn,
     * continuing where the previous class stopped, so that every fold holds each class in proportion (within one row)
     * and fold sizes differ by at most one. A class with fewer rows than folds is missing from some validation folds.
     *
     * @param labels the class index per row
     * @throws MarqueeException INVALID_ARGUMENT when {@code folds} is below 2 or above the number of rows
     */
    static List<Split> stratifiedKFold(int[] labels, int classes, int folds, long seed) {
        requireFolds(labels.length, folds);
        SplittableRandom random = new SplittableRandom(seed);
        int[] dealOrder = new int[labels.length];
        int position = 0;
        for (int label = 0; label < classes; label++) {
            int current = label;
            int[] classRows = IntStream.range(0, labels.length).filter(row -> labels[row] == current).toArray();
            for (int row : shuffled(classRows, random)) {
                dealOrder[position++] = row;
            }
        }
        return deal(dealOrder, folds);
    }

    /** This split with its row indexes looked up in {@code rows}, e.g. folds of the training rows as example rows. */
    Split within(int[] rows) {
        return new Split(
                Arrays.stream(train).map(index -> rows[index]).toArray(),
                Arrays.stream(test).map(index -> rows[index]).toArray());
    }

    private static void requireFolds(int rows, int folds) {
        if (folds < 2) {
            throw MarqueeException.invalid("folds must be at least 2, was %d", folds);
        }
        if (folds > rows) {
            throw MarqueeException.invalid("fewer rows (%d) than folds (%d); use at most %d folds", rows, folds, rows);
        }
    }

    /** Row {@code order[i]} goes to the validation side of fold {@code i mod folds}. */
    private static List<Split> deal(int[] order, int folds) {
        int[] foldOf = new int[order.length];
        for (int position = 0; position < order.length; position++) {
            foldOf[order[position]] = position % folds;
        }
        List<Split> splits = new ArrayList<>(folds);
        for (int fold = 0; fold < folds; fold++) {
            int current = fold;
            splits.add(new Split(
                    IntStream.range(0, order.length).filter(row -> foldOf[row] != current).toArray(),
                    IntStream.range(0, order.length).filter(row -> foldOf[row] == current).toArray()));
        }
        return List.copyOf(splits);
    }

    /** Rows to hold out: {@code ceil(rows · testFraction)} as in scikit-learn, at least 1 and at most all but 1. */
    static int testRows(int rows, double testFraction) {
        // The tolerance keeps a product like 1000 · 0.2 = 200.00000000000003 from rounding up.
        return Math.clamp((long) Math.ceil(rows * testFraction - 1e-9), 1, rows - 1);
    }

    /** Shares {@code total} among classes of the given sizes by largest remainder, leaving each class one row. */
    private static int[] allocate(int[] classSizes, int total) {
        int rows = Arrays.stream(classSizes).sum();
        int[] shares = new int[classSizes.length];
        double[] remainders = new double[classSizes.length];
        for (int label = 0; label < classSizes.length; label++) {
            double quota = (double) total * classSizes[label] / rows;
            shares[label] = Math.min((int) quota, Math.max(classSizes[label] - 1, 0));
            remainders[label] = quota - (int) quota;
        }
        Integer[] byRemainder = IntStream.range(0, classSizes.length).boxed()
                .sorted(Comparator.comparingDouble((Integer label) -> -remainders[label]).thenComparing(label -> label))
                .toArray(Integer[]::new);
        int missing = total - Arrays.stream(shares).sum();
        boolean placed = true;
        while (missing > 0 && placed) {
            placed = false;
            for (int label : byRemainder) {
                if (missing > 0 && shares[label] < classSizes[label] - 1) {
                    shares[label]++;
                    missing--;
                    placed = true;
                }
            }
        }
        return shares;
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
