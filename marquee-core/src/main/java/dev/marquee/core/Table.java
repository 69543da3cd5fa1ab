package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A dataset read into memory as raw text cells, row-major. An empty cell is a missing value. Every row has exactly
 * {@code columnNames.size()} cells. Immutable by contract: callers must not modify the row arrays.
 */
public record Table(List<String> columnNames, List<String[]> rows) {
    public Table {
        columnNames = List.copyOf(requireNonNull(columnNames, "columnNames is null"));
        rows = List.copyOf(requireNonNull(rows, "rows is null"));
    }
}
