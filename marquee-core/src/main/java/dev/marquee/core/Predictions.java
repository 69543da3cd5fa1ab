package dev.marquee.core;

import static java.util.Objects.requireNonNull;

/**
 * The result of scoring n rows.
 *
 * @param values regression: the predicted value per row; classification: the index of the predicted class
 * @param labels classification: the predicted class label per row; regression: empty
 * @param probabilities classification: per row, one probability per class in {@link OutputSchema#classes()} order;
 *     regression: empty
 */
public record Predictions(double[] values, String[] labels, double[][] probabilities) {
    public Predictions {
        requireNonNull(values, "values is null");
        requireNonNull(labels, "labels is null");
        requireNonNull(probabilities, "probabilities is null");
    }

    public int size() {
        return values.length;
    }
}
