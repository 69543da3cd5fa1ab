package dev.marquee.core;

import java.util.Map;

/** Receives progress from long work. Implementations must be cheap and thread-safe. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (fraction, message) -> {};

    /**
     * @param fraction completed share of the work, 0..1, non-decreasing
     * @param message short human-readable status, e.g. {@code "epoch 3/20 loss 0.412"}
     */
    void progress(double fraction, String message);

    /**
     * Records one step of the training curve, e.g. {@code curve(12, Map.of("loss", 0.41, "validation_loss", 0.45))};
     * kept with the model as its {@link TrainingCurve}. Ignored unless the listener collects curves.
     *
     * @param step the iteration, epoch or round, from 1, increasing
     */
    default void curve(int step, Map<String, Double> values) {}
}
