package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * Converts text cells, as read from a CSV into a {@link Table}, into model input cells following the
 * {@link LoadedModel} conventions, with the same rules ({@link CellValues}) that profiling used to infer the types.
 * Stateless and thread-safe.
 */
public final class InputRows {
    private InputRows() {}

    /**
     * The table's rows as input rows holding the given columns, in the given order.
     *
     * @throws MarqueeException INVALID_ARGUMENT when a column is not in the table or a cell does not fit its type
     */
    public static List<Object[]> fromTable(Table table, List<Column> columns) {
        requireNonNull(table, "table is null");
        requireNonNull(columns, "columns is null");
        int[] positions = new int[columns.size()];
        for (int index = 0; index < columns.size(); index++) {
            String name = columns.get(index).name();
            positions[index] = table.columnNames().indexOf(name);
            if (positions[index] < 0) {
                throw MarqueeException.invalid("unknown column '%s'; columns are %s", name, table.columnNames());
            }
        }
        List<Object[]> rows = new ArrayList<>(table.rows().size());
        for (int row = 0; row < table.rows().size(); row++) {
            String[] cells = table.rows().get(row);
            Object[] input = new Object[columns.size()];
            for (int index = 0; index < input.length; index++) {
                input[index] = toInput(cells[positions[index]], columns.get(index), row);
            }
            rows.add(input);
        }
        return rows;
    }

    /**
     * One text cell as an input cell: {@code null} when missing; a {@code Double} for NUMERIC; a {@code Boolean} for
     * BOOLEAN; the stripped text for CATEGORICAL and TIMESTAMP; the text unchanged for TEXT.
     *
     * @param row the row index, for the error message
     * @throws MarqueeException INVALID_ARGUMENT when the text does not fit the column's type
     */
    public static Object toInput(String cell, Column column, int row) {
        requireNonNull(cell, "cell is null");
        requireNonNull(column, "column is null");
        if (CellValues.isMissing(cell)) {
            return null;
        }
        return switch (column.type()) {
            case NUMERIC -> CellValues.number(cell)
                    .orElseThrow(() -> notA("a number", cell, column, row));
            case BOOLEAN -> CellValues.bool(cell)
                    .orElseThrow(() -> notA("true or false", cell, column, row));
            case CATEGORICAL, TIMESTAMP -> cell.strip();
            case TEXT -> cell;
        };
    }

    private static MarqueeException notA(String expected, String cell, Column column, int row) {
        return MarqueeException.invalid("column '%s' row %d: '%s' is not %s", column.name(), row, cell, expected);
    }
}
