package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import java.util.OptionalDouble;

/**
 * Statistics of one column over a whole dataset. {@code count} is the number of present (non-missing) cells;
 * {@code distinct} counts distinct present values; min/max/mean are present for numeric, boolean (0/1) and
 * timestamp (epoch seconds) columns only.
 */
public record ColumnStatistics(
        String name,
        ColumnType type,
        long count,
        long missing,
        long distinct,
        OptionalDouble min,
        OptionalDouble max,
        OptionalDouble mean) {
    public ColumnStatistics {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(min, "min is null");
        requireNonNull(max, "max is null");
        requireNonNull(mean, "mean is null");
    }
}
