package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A CATEGORICAL column, one-hot encoded over the {@link #MAX_CATEGORIES} most frequent training values (ties broken
 * by value order; values compared after stripping surrounding whitespace). Every other value — rare in training,
 * unseen, or missing — is the implicit "other" category: all zeros, never an error. Writes one feature per kept
 * category. Immutable and thread-safe.
 */
public final class CategoricalEncoder implements ColumnEncoder {
    /** Most categories one column keeps. */
    public static final int MAX_CATEGORIES = 100;

    private static final int DESCRIBED_CATEGORIES = 10;

    private final String column;
    private final List<String> categories;
    private final Map<String, Integer> positions;

    /**
     * @param categories the kept categories in feature order; unique
     */
    @JsonCreator
    public CategoricalEncoder(
            @JsonProperty("column") String column, @JsonProperty("categories") List<String> categories) {
        this.column = requireNonNull(column, "column is null");
        this.categories = List.copyOf(requireNonNull(categories, "categories is null"));
        this.positions = new HashMap<>();
        for (int index = 0; index < this.categories.size(); index++) {
            if (positions.put(this.categories.get(index), index) != null) {
                throw new IllegalArgumentException(
                        column + ": duplicate category '" + this.categories.get(index) + "'");
            }
        }
    }

    /** Fits the step on the values of the column at {@code index} in the training rows. */
    public static CategoricalEncoder fit(String column, List<Object[]> rows, int index) {
        Map<String, Long> frequencies = new HashMap<>();
        for (int row = 0; row < rows.size(); row++) {
            Object cell = rows.get(row)[index];
            if (cell != null) {
                frequencies.merge(InputCells.string(cell, column, row).strip(), 1L, Long::sum);
            }
        }
        List<String> kept = frequencies.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(MAX_CATEGORIES)
                .map(Map.Entry::getKey)
                .toList();
        return new CategoricalEncoder(column, kept);
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

    @Override
    public int width() {
        return categories.size();
    }

    @Override
    public void encode(Object cell, double[] features, int offset, int row) {
        for (int index = offset; index < offset + categories.size(); index++) {
            features[index] = 0;
        }
        if (cell != null) {
            Integer position = positions.get(InputCells.string(cell, column, row).strip());
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
        return "%s: categorical, one-hot over %d categories [%s%s], other or missing -> all zeros"
                .formatted(column, categories.size(), shown, more);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CategoricalEncoder that
                && column.equals(that.column)
                && categories.equals(that.categories);
    }

    @Override
    public int hashCode() {
        return column.hashCode() * 31 + categories.hashCode();
    }

    @Override
    public String toString() {
        return "CategoricalEncoder[column=" + column + ", categories=" + categories + "]";
    }
}
