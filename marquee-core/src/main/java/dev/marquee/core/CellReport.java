package dev.marquee.core;

/**
 * What fitting saw in one column's training cells: how many were missing, and how many were invalid and, under
 * {@code invalid_values=missing}, treated as missing. Part of the model artifact (absent counts read as 0) and of the
 * pipeline's description. Immutable.
 *
 * @param missing cells that were absent ({@code null} or a missing marker)
 * @param unparsable cells of the wrong kind, or text that does not parse as the column's type
 * @param nonFinite NaN or infinite numbers
 * @param outOfRange timestamps outside years 0001 to 9999
 */
public record CellReport(long missing, long unparsable, long nonFinite, long outOfRange) {
    /** No cell seen. */
    public static final CellReport EMPTY = new CellReport(0, 0, 0, 0);

    public CellReport {
        if (missing < 0 || unparsable < 0 || nonFinite < 0 || outOfRange < 0) {
            throw new IllegalArgumentException("counts must not be negative: %d, %d, %d, %d"
                    .formatted(missing, unparsable, nonFinite, outOfRange));
        }
    }

    /** The invalid cells, of every kind. */
    public long invalid() {
        return unparsable + nonFinite + outOfRange;
    }

    /** The description suffix: empty unless invalid cells are treated as missing or were seen. */
    String describe(boolean invalidAsMissing) {
        if (!invalidAsMissing) {
            return "";
        }
        return ", invalid as missing (training: %d unparsable, %d non-finite, %d out of range)"
                .formatted(unparsable, nonFinite, outOfRange);
    }

    /** Counts cells while fitting. Not thread-safe. */
    static final class Counter {
        private long missing;
        private long unparsable;
        private long nonFinite;
        private long outOfRange;

        void missing() {
            missing++;
        }

        void unparsable() {
            unparsable++;
        }

        void nonFinite() {
            nonFinite++;
        }

        void outOfRange() {
            outOfRange++;
        }

        CellReport report() {
            return new CellReport(missing, unparsable, nonFinite, outOfRange);
        }
    }
}
