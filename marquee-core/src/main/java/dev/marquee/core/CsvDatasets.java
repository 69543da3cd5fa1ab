package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads CSV datasets: profiles them in one streaming pass, or loads them into a {@link Table}. Both use the same
 * parser, so they accept and reject exactly the same documents.
 *
 * <p>Format: RFC 4180 (comma separator, double-quote quoting with {@code ""} escapes, quoted cells may hold commas
 * and line breaks), CRLF or LF line ends, strict UTF-8 with an optional byte order mark. The first record is the
 * header; its names must be non-blank and unique. Completely empty lines are skipped. Every data row must have as many
 * cells as the header. Missing values are the empty or blank cell and the markers in
 * {@link CellValues#MISSING_MARKERS}.
 * Every violation, and exceeding a {@link CsvLimits} limit, is a {@link MarqueeException} with
 * {@link ErrorCode#INVALID_ARGUMENT} whose message names the line, e.g. {@code "line 17: expected 4 cells, found 3"}.
 * An I/O failure is an {@link UncheckedIOException}. Stateless and thread-safe.
 */
public final class CsvDatasets {
    /** Most distinct values tracked per column while profiling; wide files track fewer, see {@link #profile}. */
    public static final int MAX_TRACKED_DISTINCT_VALUES = 100_000;

    /** Bound on distinct values tracked over all columns together, so profiling memory stays bounded. */
    static final int MAX_TRACKED_DISTINCT_VALUES_IN_TOTAL = 20_000_000;

    private static final int MIN_TRACKED_DISTINCT_VALUES = 1_000;

    private CsvDatasets() {}

    /**
     * Profiles a CSV file in one streaming pass without keeping its rows. Each column's type is inferred from its
     * present values: BOOLEAN when all are {@code true}/{@code false} (any case); else NUMERIC when all are finite
     * numbers ({@code 0}/{@code 1} stay NUMERIC); else TIMESTAMP when all are ISO-8601 dates or date-times; else TEXT
     * when at least half contain whitespace and the values are long (30 characters or more on average) or mostly
     * unique; else CATEGORICAL. A column without any present value is CATEGORICAL with {@code count} 0.
     *
     * <p>Distinct values are counted exactly up to {@link #MAX_TRACKED_DISTINCT_VALUES} per column (fewer for files
     * with more than 200 columns: 20,000,000 in total, at least 1,000 per column); a column with more reports the cap
     * as its {@code distinct} count.
     */
    public static DatasetProfile profile(Path csv, CsvLimits limits) {
        requireNonNull(csv, "csv is null");
        requireNonNull(limits, "limits is null");
        try (CsvReader reader = new CsvReader(Files.newInputStream(csv), limits)) {
            List<String> header = reader.header();
            int distinctCap = Math.max(
                    MIN_TRACKED_DISTINCT_VALUES,
                    Math.min(MAX_TRACKED_DISTINCT_VALUES, MAX_TRACKED_DISTINCT_VALUES_IN_TOTAL / header.size()));
            List<ColumnProfiler> profilers = header.stream()
                    .map(name -> new ColumnProfiler(name, distinctCap))
                    .toList();
            long rowCount = 0;
            for (Optional<String[]> row = reader.nextRow(); row.isPresent(); row = reader.nextRow()) {
                String[] cells = row.get();
                for (int column = 0; column < cells.length; column++) {
                    profilers.get(column).accept(cells[column]);
                }
                rowCount++;
            }
            return new DatasetProfile(
                    new Schema(profilers.stream().map(ColumnProfiler::column).toList()),
                    rowCount,
                    profilers.stream().map(ColumnProfiler::statistics).toList());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a whole CSV file into memory; missing values become the empty string. */
    public static Table read(Path csv, CsvLimits limits) {
        requireNonNull(csv, "csv is null");
        requireNonNull(limits, "limits is null");
        try (CsvReader reader = new CsvReader(Files.newInputStream(csv), limits)) {
            List<String> header = reader.header();
            List<String[]> rows = new ArrayList<>();
            for (Optional<String[]> row = reader.nextRow(); row.isPresent(); row = reader.nextRow()) {
                String[] cells = row.get();
                for (int column = 0; column < cells.length; column++) {
                    if (CellValues.isMissing(cells[column])) {
                        cells[column] = "";
                    }
                }
                rows.add(cells);
            }
            return new Table(header, rows);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
