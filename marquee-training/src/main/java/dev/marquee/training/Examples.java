package dev.marquee.training;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.Column;
import dev.marquee.core.ColumnType;
import dev.marquee.core.InputRows;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.Table;
import dev.marquee.core.Task;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The labelled rows of a table: every row whose target is present, as a raw input row (cell conventions of
 * {@link dev.marquee.core.LoadedModel}) and a numeric target — the value for regression, the class index for
 * classification. Rows with a missing target are dropped.
 *
 * @param classes classification: the sorted class labels; regression: empty
 * @param tableRows per example, its row number in the table
 */
record Examples(List<Object[]> inputs, double[] targets, List<String> classes, int[] tableRows) {
    Examples {
        inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
        requireNonNull(targets, "targets is null");
        classes = List.copyOf(requireNonNull(classes, "classes is null"));
        requireNonNull(tableRows, "tableRows is null");
    }

    /**
     * Reads the labelled rows of a table for a task.
     *
     * @throws MarqueeException INVALID_ARGUMENT when a cell does not fit its column's type, a regression target is
     *     neither NUMERIC nor BOOLEAN, or a classification target has more than {@code maxClasses} classes
     */
    static Examples of(Table table, List<Column> inputColumns, Column target, Task task, int maxClasses) {
        // A class label is the stripped text, except that booleans are spelled "false" and "true" in any input case.
        Column targetAs = switch (task) {
            case REGRESSION -> requireNumeric(target);
            case CLASSIFICATION -> target.type() == ColumnType.BOOLEAN
                    ? target
                    : new Column(target.name(), ColumnType.CATEGORICAL);
        };
        List<Object[]> allInputs = InputRows.fromTable(table, inputColumns);
        int targetIndex = table.columnNames().indexOf(target.name());
        List<Object[]> inputs = new ArrayList<>();
        List<Object> targetValues = new ArrayList<>();
        List<Integer> tableRows = new ArrayList<>();
        for (int row = 0; row < table.rows().size(); row++) {
            Object value = InputRows.toInput(table.rows().get(row)[targetIndex], targetAs, row);
            if (value != null) {
                inputs.add(allInputs.get(row));
                targetValues.add(value);
                tableRows.add(row);
            }
        }
        int[] rows = tableRows.stream().mapToInt(Integer::intValue).toArray();
        return switch (task) {
            case REGRESSION -> new Examples(inputs, regressionTargets(targetValues), List.of(), rows);
            case CLASSIFICATION -> classification(inputs, targetValues, target, maxClasses, rows);
        };
    }

    int size() {
        return inputs.size();
    }

    List<Object[]> inputs(int[] rows) {
        List<Object[]> selected = new ArrayList<>(rows.length);
        for (int row : rows) {
            selected.add(inputs.get(row));
        }
        return selected;
    }

    double[] targets(int[] rows) {
        double[] selected = new double[rows.length];
        for (int index = 0; index < rows.length; index++) {
            selected[index] = targets[rows[index]];
        }
        return selected;
    }

    /** The class index per row; classification only. */
    int[] labels() {
        int[] labels = new int[targets.length];
        for (int row = 0; row < labels.length; row++) {
            labels[row] = (int) targets[row];
        }
        return labels;
    }

    private static Column requireNumeric(Column target) {
        return switch (target.type()) {
            case NUMERIC, BOOLEAN -> target;
            case CATEGORICAL, TEXT, TIMESTAMP -> throw MarqueeException.invalid(
                    "target '%s' is %s; regression needs a NUMERIC or BOOLEAN target", target.name(), target.type());
        };
    }

    private static double[] regressionTargets(List<Object> values) {
        return values.stream()
                .mapToDouble(value -> value instanceof Boolean bool ? (bool ? 1 : 0) : ((Number) value).doubleValue())
                .toArray();
    }

    private static Examples classification(
            List<Object[]> inputs, List<Object> targetValues, Column target, int maxClasses, int[] tableRows) {
        List<String> labels = targetValues.stream().map(String::valueOf).toList();
        List<String> classes = ClassLabels.sorted(labels);
        if (classes.size() > maxClasses) {
            throw MarqueeException.invalid(
                    "target '%s' has %d classes; classification supports at most %d",
                    target.name(),
                    classes.size(),
                    maxClasses);
        }
        Map<String, Integer> indexes = new HashMap<>();
        for (int index = 0; index < classes.size(); index++) {
            indexes.put(classes.get(index), index);
        }
        double[] targets = labels.stream().mapToDouble(indexes::get).toArray();
        return new Examples(inputs, targets, classes, tableRows);
    }
}
