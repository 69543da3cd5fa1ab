package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-prediction explanations: for each row, how much each input column moved each model output away from the
 * base value. For every row and output {@code o}: {@code base[o] + Σ contributions[column][o] = output o} on
 * {@link #scale()}.
 *
 * @param method how the contributions were computed (see {@link ColumnAttribution#method()})
 * @param scale what they add up to, e.g. {@code log_odds}, {@code probability} or {@code value}
 * @param outputs the model outputs in order: the class labels, or the target column for regression
 * @param rows one explanation per input row, in request order
 */
public record Explanation(String method, String scale, List<String> outputs, List<Row> rows) {
    public Explanation {
        requireNonNull(method, "method is null");
        requireNonNull(scale, "scale is null");
        outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
        rows = List.copyOf(requireNonNull(rows, "rows is null"));
    }

    /**
     * The explanation of one row.
     *
     * @param base per output, the base value
     * @param contributions per input column in input order, one contribution per output
     */
    public record Row(List<Double> base, Map<String, List<Double>> contributions) {
        public Row {
            base = List.copyOf(requireNonNull(base, "base is null"));
            contributions = Collections.unmodifiableMap(
                    new LinkedHashMap<>(requireNonNull(contributions, "contributions is null")));
        }
    }
}
