package dev.marquee.core;

import static java.util.Objects.requireNonNull;

/** A named, typed column. */
public record Column(String name, ColumnType type) {
    public Column {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
    }
}
