package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds exact duplicate training examples, for {@code drop_duplicates}: a row whose input cells and target equal an
 * earlier row's ({@link Object#equals}, so {@code 1.0} and {@code 1} as different number types differ; targets
 * compared by bit pattern, so NaN equals NaN). Only training rows should be deduplicated: test rows are scored as
 * they come. Stateless and thread-safe.
 */
public final class Deduplication {
    private Deduplication() {}

    /**
     * The indexes of the rows to keep, ascending: the first of every group of exact duplicates.
     *
     * @param rows input rows, one cell per input
     * @param targets one target per row
     * @throws IllegalArgumentException when the lengths differ
     */
    public static int[] dropExactDuplicates(List<Object[]> rows, double[] targets) {
        requireNonNull(rows, "rows is null");
        requireNonNull(targets, "targets is null");
        if (rows.size() != targets.length) {
            throw new IllegalArgumentException(
                    "%d rows but %d targets".formatted(rows.size(), targets.length));
        }
        Set<Example> seen = new HashSet<>();
        List<Integer> kept = new ArrayList<>();
        for (int row = 0; row < targets.length; row++) {
            if (seen.add(new Example(rows.get(row), Double.doubleToLongBits(targets[row])))) {
                kept.add(row);
            }
        }
        return kept.stream().mapToInt(Integer::intValue).toArray();
    }

    private record Example(Object[] cells, long target) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Example that && target == that.target && Arrays.equals(cells, that.cells);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(cells) * 31 + Long.hashCode(target);
        }

        @Override
        public String toString() {
            return Arrays.toString(cells) + " -> " + Double.longBitsToDouble(target);
        }
    }
}
