package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A CATEGORICAL column, one-hot encoded over the {@code max_categories} most frequent training values (ties broken
 * by value order; values compared after stripping surrounding whitespace). Every other value — rare in training,
 * unseen, or missing — is the implicit "other" category: all zeros, never an error. With {@code missingAs} a missing
 * (or, with {@code invalidAsMissing}, an invalid) cell is encoded as that category instead. Writes one feature per
 * kept category. Immutable and thread-safe.
 *
 * <p>Artifacts written before these options stored only {@code column} and {@code categories}; they read with no
 * {@code missingAs}, strict cells and an empty report, which is exactly what they meant.
 */
public final class CategoricalEncoder implements ColumnEncoder {
    /** Most categories one column keeps by default. */
    public static final int MAX_CATEGORIES = PreprocessingOptions.DEFAULT_MAX_CATEGORIES;

    private static final int DESCRIBED_CATEGORIES = 10;

    private final String column;
    private final List<String> categories;
    private final Map<String, Integer> positions;
    private final Optional<String> missingAs;
    private final boolean invalidAsMissing;
    private final CellReport report;

    /**
     * Today's step, as stored before missing and invalid value options existed.
     *
     * @param categories the kept categories in feature order; unique
     */
    public CategoricalEncoder(String column, List<String> categories) {
        this(column, categories, Optional.empty(), false, CellReport.EMPTY);
    }

    /**
     * @param categories the kept categories in feature order; unique
     * @param missingAs the category a missing cell is encoded as; one of {@code categories} when present
     * @param invalidAsMissing whether an invalid cell is treated as missing instead of failing
     * @param report what fitting saw in the training cells
     */
    public CategoricalEncoder(
            String column,
            List<String> categories,
            Optional<String> missingAs,
            boolean invalidAsMissing,
            CellReport report) {
        this.column = requireNonNull(column, "column is null");
        this.categories = List.copyOf(requireNonNull(categories, "categories is null"));
        this.missingAs = requireNonNull(missingAs, "missingAs is null");
        this.invalidAsMissing = invalidAsMissing;
        this.report = requireNonNull(report, "report is null");
        this.positions = new HashMap<>();
        for (int index = 0; index < this.categories.size(); index++) {
            if (positions.put(this.categories.get(index), index) != null) {
                throw new IllegalArgumentException(
                        column + ": duplicate category '" + this.categories.get(index) + "'");
            }
        }
        if (missingAs.isPresent() && !positions.containsKey(missingAs.get())) {
            throw new IllegalArgumentException(column + ": missing values encoded as unknown category '"
                    + missingAs.get() + "'");
        }
    }

    @JsonCreator
    static CategoricalEncoder fromJson(
            @JsonProperty("column") String column,
            @JsonProperty("categories") List<String> categories,
            @JsonProperty("missingAs") Optional<String> missingAs,
            @JsonProperty("invalidAsMissing") Boolean invalidAsMissing,
            @JsonProperty("report") CellReport report) {
        return new CategoricalEncoder(
                column,
                categories,
                missingAs == null ? Optional.empty() : missingAs,
                Boolean.TRUE.equals(invalidAsMissing),
                report == null ? CellReport.EMPTY : report);
    }

    /** Fits today's step on the values of the column at {@code index} in the training rows. */
    public static CategoricalEncoder fit(String column, List<Object[]> rows, int index) {
        return fit(column, rows, index, PreprocessingOptions.defaults());
    }

    /** Fits the one-hot step on the values of the column at {@code index} in the training rows. */
    public static CategoricalEncoder fit(String column, List<Object[]> rows, int index, PreprocessingOptions options) {
        boolean lenient = options.invalidValues() == PreprocessingOptions.InvalidValues.MISSING;
        CellReport.Counter counter = new CellReport.Counter();
        List<String> ranked = rankByFrequency(column, rows, index, lenient, counter);
        List<String> kept = ranked.subList(0, Math.min(ranked.size(), options.maxCategories()));
        Optional<String> missingAs = options.categoricalMissing() == PreprocessingOptions.CategoricalMissing.MOST_FREQUENT
                ? kept.stream().findFirst()
                : Optional.empty();
        return new CategoricalEncoder(column, kept, missingAs, lenient, counter.report());
    }

    /** The column's distinct stripped training values, most frequent first, ties by value. */
    static List<String> rankByFrequency(
            String column, List<Object[]> rows, int index, boolean lenient, CellReport.Counter counter) {
        Map<String, Long> frequencies = new HashMap<>();
        for (int row = 0; row < rows.size(); row++) {
            read(rows.get(row)[index], column, row, lenient, counter)
                    .ifPresent(value -> frequencies.merge(value, 1L, Long::sum));
        }
        return frequencies.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** The stripped value; empty when missing, or when invalid and {@code lenient}. */
    static Optional<String> read(Object cell, String column, int row, boolean lenient, CellReport.Counter counter) {
        if (cell == null) {
            if (counter != null) {
                counter.missing();
            }
            return Optional.empty();
        }
        if (cell instanceof String text || !lenient) {
            return Optional.of(InputCells.string(cell, column, row).strip());
        }
        if (counter != null) {
            counter.unparsable();
        }
        return Optional.empty();
    }

    @Override
    @JsonProperty("column")
    public String column() {
        return column;
    }

    /** The kept categories in feature order. */
    @JsonProperty("categories")
    public List<String> categories() {
        return categories;
    }

    /** The category a missing cell is encoded as; empty when it is all zeros. */
    @JsonProperty("missingAs")
    public Optional<String> missingAs() {
        return missingAs;
    }

    @JsonProperty("invalidAsMissing")
    public boolean invalidAsMissing() {
        return invalidAsMissing;
    }

    @JsonProperty("report")
    public CellReport report() {
        return report;
    }

    @Override
    public int width() {
        return categories.size();
    }

    @Override
    public void encode(Object cell, double[] features, int offset, int row) {
        for (int index = offset; index < offset + categories.size(); index++) {
            features[index] = 0;
        }
        Optional<String> value = read(cell, column, row, invalidAsMissing, null).or(() -> missingAs);
        if (value.isPresent()) {
            Integer position = positions.get(value.get());
            if (position != null) {
                features[offset + position] = 1;
            }
        }
    }

    @Override
    public String description() {
        String shown = categories.stream().limit(DESCRIBED_CATEGORIES).collect(Collectors.joining(", "));
        String more = categories.size() > DESCRIBED_CATEGORIES
                ? ", ... " + (categories.size() - DESCRIBED_CATEGORIES) + " more"
                : "";
        String missing = missingAs.map(value -> "missing -> '" + value + "'").orElse("missing -> all zeros");
        String counted = report.missing() > 0 ? ", " + report.missing() + " missing" : "";
        if (missingAs.isEmpty()) {
            return "%s: categorical, one-hot over %d categories [%s%s], other or missing -> all zeros%s%s"
                    .formatted(column, categories.size(), shown, more, counted, report.describe(invalidAsMissing));
        }
        return "%s: categorical, one-hot over %d categories [%s%s], other -> all zeros, %s%s%s"
                .formatted(column, categories.size(), shown, more, missing, counted,
                        report.describe(invalidAsMissing));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CategoricalEncoder that
                && column.equals(that.column)
                && categories.equals(that.categories)
                && missingAs.equals(that.missingAs)
                && invalidAsMissing == that.invalidAsMissing
                && report.equals(that.report);
    }

    @Override
    public int hashCode() {
        return Objects.hash(column, categories, missingAs, invalidAsMissing, report);
    }

    @Override
    public String toString() {
        return "CategoricalEncoder[column=" + column + ", categories=" + categories + ", missingAs=" + missingAs
                + ", invalidAsMissing=" + invalidAsMissing + ", report=" + report + "]";
    }
}
