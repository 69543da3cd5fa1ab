package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * What an {@link Algorithm} gets besides data and parameters.
 *
 * @param seed seed for any randomness, so training replays exactly
 * @param progress receives the algorithm's own progress, 0 to 1
 * @param cancelled answers true once the training should stop
 */
public record TrainingContext(long seed, ProgressListener progress, BooleanSupplier cancelled) {
    public TrainingContext {
        requireNonNull(progress, "progress is null");
        requireNonNull(cancelled, "cancelled is null");
    }

    /**
     * Returns normally unless the training was cancelled.
     *
     * @throws CancellationException when it was
     */
    public void checkCancelled() {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("training cancelled");
        }
    }
}
