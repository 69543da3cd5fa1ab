package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** The ordered columns of a dataset or of a model's raw input. */
public record Schema(List<Column> columns) {
    public Schema {
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
    }

    public Optional<Column> column(String name) {
        return columns.stream().filter(column -> column.name().equals(name)).findFirst();
    }

    /** The position of the named column, or -1 when absent. */
    public int indexOf(String name) {
        for (int index = 0; index < columns.size(); index++) {
            if (columns.get(index).name().equals(name)) {
                return index;
            }
        }
        return -1;
    }
}
