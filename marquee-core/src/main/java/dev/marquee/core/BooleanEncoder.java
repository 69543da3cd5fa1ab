package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;

/**
 * A BOOLEAN column: {@code true} is 1 and {@code false} 0; a missing value (or, with {@code invalidAsMissing}, an
 * invalid one) becomes the most frequent training value ({@code false} on a tie). Writes one feature.
 *
 * @param mostFrequent the value imputed for a missing cell
 * @param invalidAsMissing whether an invalid cell is treated as missing instead of failing; false in old artifacts
 * @param report what fitting saw in the training cells; empty counts in old artifacts
 */
public record BooleanEncoder(String column, boolean mostFrequent, boolean invalidAsMissing, CellReport report)
        implements ColumnEncoder {
    public BooleanEncoder {
        requireNonNull(column, "column is null");
        requireNonNull(report, "report is null");
    }

    /** Today's step, as stored before invalid-value handling existed. */
    public BooleanEncoder(String column, boolean mostFrequent) {
        this(column, mostFrequent, false, CellReport.EMPTY);
    }

    @JsonCreator
    static BooleanEncoder fromJson(
            @JsonProperty("column") String column,
            @JsonProperty("mostFrequent") boolean mostFrequent,
            @JsonProperty("invalidAsMissing") Boolean invalidAsMissing,
            @JsonProperty("report") CellReport report) {
        return new BooleanEncoder(
                column, mostFrequent, Boolean.TRUE.equals(invalidAsMissing), report == null ? CellReport.EMPTY : report);
    }

    /** Fits today's step on the values of the column at {@code index} in the training rows. */
    public static BooleanEncoder fit(String column, List<Object[]> rows, int index) {
        return fit(column, rows, index, PreprocessingOptions.defaults());
    }

    /** Fits the step on the values of the column at {@code index} in the training rows. */
    public static BooleanEncoder fit(String column, List<Object[]> rows, int index, PreprocessingOptions options) {
        boolean lenient = options.invalidValues() == PreprocessingOptions.InvalidValues.MISSING;
        CellReport.Counter counter = new CellReport.Counter();
        long trues = 0;
        long falses = 0;
        for (int row = 0; row < rows.size(); row++) {
            Optional<Boolean> value = read(rows.get(row)[index], column, row, lenient, counter);
            if (value.isPresent()) {
                if (value.get()) {
                    trues++;
                }
                else {
                    falses++;
                }
            }
        }
        return new BooleanEncoder(column, trues > falses, lenient, counter.report());
    }

    @Override
    public int width() {
        return 1;
    }

    @Override
    public void encode(Object cell, double[] features, int offset, int row) {
        boolean value = read(cell, column, row, invalidAsMissing, null).orElse(mostFrequent);
        features[offset] = value ? 1 : 0;
    }

    @Override
    public String description() {
        String missing = report.missing() > 0 ? ", " + report.missing() + " missing" : "";
        return "%s: boolean, impute most frequent=%s, encode true=1 false=0%s%s"
                .formatted(column, mostFrequent, missing, report.describe(invalidAsMissing));
    }

    /** The cell's value; empty when missing, or when invalid and {@code lenient}. */
    private static Optional<Boolean> read(
            Object cell, String column, int row, boolean lenient, CellReport.Counter counter) {
        if (cell == null) {
            if (counter != null) {
                counter.missing();
            }
            return Optional.empty();
        }
        if (!lenient) {
            return Optional.of(InputCells.bool(cell, column, row));
        }
        Optional<Boolean> value = cell instanceof Boolean bool ? Optional.of(bool)
                : cell instanceof String text ? CellValues.bool(text)
                : Optional.empty();
        if (value.isEmpty() && counter != null) {
            if (cell instanceof String text && CellValues.isMissing(text)) {
                counter.missing();
            }
            else {
                counter.unparsable();
            }
        }
        return value;
    }
}
