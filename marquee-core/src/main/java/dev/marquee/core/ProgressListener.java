package dev.marquee.core;

/** Receives progress from long work. Implementations must be cheap and thread-safe. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (fraction, message) -> {};

    /**
     * @param fraction completed share of the work, 0..1, non-decreasing
     * @param message short human-readable status, e.g. {@code "epoch 3/20 loss 0.412"}
     */
    void progress(double fraction, String message);
}
