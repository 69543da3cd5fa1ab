package dev.marquee.training;

import dev.marquee.core.CellValues;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Orders class labels for {@link dev.marquee.core.OutputSchema#classes()}: numerically when every label is a number
 * (so {@code 2} comes before {@code 10}, and {@code 1} is the positive class of a 0/1 target), otherwise by their text.
 */
final class ClassLabels {
    private ClassLabels() {}

    static List<String> sorted(Collection<String> labels) {
        boolean numeric = labels.stream().allMatch(label -> CellValues.number(label).isPresent());
        Comparator<String> order = numeric
                ? Comparator.<String>comparingDouble(label -> CellValues.number(label).orElseThrow())
                        .thenComparing(Comparator.naturalOrder())
                : Comparator.naturalOrder();
        return labels.stream().distinct().sorted(order).toList();
    }
}
