package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * An input column the model accepts but does not use (today: TEXT, until text features exist). Its cells are still
 * checked to be strings or {@code null}, so callers find mistakes early. Writes no feature.
 *
 * @param type the column's type
 * @param reason why it is not used, for the description
 */
public record DroppedColumn(String column, ColumnType type, String reason) implements ColumnEncoder {
    public DroppedColumn {
        requireNonNull(column, "column is null");
        requireNonNull(type, "type is null");
        requireNonNull(reason, "reason is null");
    }

    @Override
    public int width() {
        return 0;
    }

    @Override
    public void encode(Object cell, double[] features, int offset, int row) {
        if (cell != null) {
            InputCells.string(cell, column, row);
        }
    }

    @Override
    public String description() {
        return "%s: %s, dropped (%s)".formatted(column, type.name().toLowerCase(Locale.ROOT), reason);
    }
}
