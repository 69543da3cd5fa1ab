package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A CATEGORICAL column encoded by the hashing trick: the stripped value's MurmurHash3 (x86, 32-bit, seed 0, of its
 * UTF-8 bytes) modulo {@code buckets} picks the one feature set to 1. Needs no vocabulary, so any value, seen in
 * training or not, encodes without error; distinct values may share a bucket. A missing (or, with
 * {@code invalidAsMissing}, invalid) cell is all zeros, or encodes as {@code missingAs} when present. Writes
 * {@code buckets} features.
 *
 * @param buckets how many features; positive
 * @param missingAs the value a missing cell is encoded as (the most frequent training value), or empty for all zeros
 * @param distinct how many distinct values training saw, for the description
 */
public record HashedCategoricalEncoder(
        String column,
        int buckets,
        Optional<String> missingAs,
        long distinct,
        boolean invalidAsMissing,
        CellReport report)
        implements ColumnEncoder {
    public HashedCategoricalEncoder {
        requireNonNull(column, "column is null");
        requireNonNull(missingAs, "missingAs is null");
        requireNonNull(report, "report is null");
        if (buckets < 1 || buckets > PreprocessingOptions.MAX_HASH_BUCKETS) {
            throw new IllegalArgumentException(column + ": buckets must be between 1 and %d, was %d"
                    .formatted(PreprocessingOptions.MAX_HASH_BUCKETS, buckets));
        }
    }

    /** Fits the step on the values of the column at {@code index} in the training rows. */
    public static HashedCategoricalEncoder fit(
            String column, List<Object[]> rows, int index, PreprocessingOptions options) {
        boolean lenient = options.invalidValues() == PreprocessingOptions.InvalidValues.MISSING;
        CellReport.Counter counter = new CellReport.Counter();
        List<String> ranked = CategoricalEncoder.rankByFrequency(column, rows, index, lenient, counter);
        Optional<String> missingAs =
                options.categoricalMissing() == PreprocessingOptions.CategoricalMissing.MOST_FREQUENT
                        ? ranked.stream().findFirst()
                        : Optional.empty();
        return new HashedCategoricalEncoder(
                column, options.hashBuckets(), missingAs, ranked.size(), lenient, counter.report());
    }

    /** The bucket of a stripped value. */
    public int bucket(String value) {
        return Math.floorMod(Murmur3.hash32(value, 0), buckets);
    }

    @Override
    public int width() {
        return buckets;
    }

    @Override
    public void encode(Object cell, double[] features, int offset, int row) {
        for (int index = offset; index < offset + buckets; index++) {
            features[index] = 0;
        }
        CategoricalEncoder.read(cell, column, row, invalidAsMissing, null)
                .or(() -> missingAs)
                .ifPresent(value -> features[offset + bucket(value)] = 1);
    }

    @Override
    public String description() {
        String missing = missingAs.map(value -> "missing -> '" + value + "'").orElse("missing -> all zeros");
        String counted = report.missing() > 0 ? ", " + report.missing() + " missing" : "";
        return "%s: categorical, hashing (murmur3) %d distinct training values into %d buckets, %s%s%s"
                .formatted(column, distinct, buckets, missing, counted, report.describe(invalidAsMissing));
    }
}
