package dev.marquee.core;

import static java.util.Objects.requireNonNull;

/**
 * Held-out metrics of one class, one-vs-rest. A precision with no predictions of the class, or a recall with no
 * actual rows of it, is 0 (scikit-learn's {@code zero_division=0}).
 *
 * @param label the class label
 * @param precision share of rows predicted as this class that are this class
 * @param recall share of rows of this class predicted as it
 * @param f1 harmonic mean of precision and recall, 0 when both are 0
 * @param support held-out rows of this class
 */
public record ClassMetrics(String label, double precision, double recall, double f1, long support) {
    public ClassMetrics {
        requireNonNull(label, "label is null");
    }
}
