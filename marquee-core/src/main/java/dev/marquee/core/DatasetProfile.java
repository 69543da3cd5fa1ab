package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** What profiling a dataset found: its inferred schema, its row count and per-column statistics (schema order). */
public record DatasetProfile(Schema schema, long rowCount, List<ColumnStatistics> statistics) {
    public DatasetProfile {
        requireNonNull(schema, "schema is null");
        statistics = List.copyOf(requireNonNull(statistics, "statistics is null"));
    }
}
