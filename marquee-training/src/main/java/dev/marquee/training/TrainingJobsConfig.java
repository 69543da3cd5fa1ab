package dev.marquee.training;

import java.time.Duration;

/**
 * Limits of the training job service.
 *
 * @param workers training jobs that run at once (default 1: training uses every core itself)
 * @param queueCapacity jobs that may wait; one more is refused with RESOURCE_EXHAUSTED (default 64)
 * @param timeout longest a job may run before it is failed (default 1 hour)
 * @param maxDatasetRows largest dataset, in rows, a job may load (default 20,000,000)
 */
public record TrainingJobsConfig(int workers, int queueCapacity, Duration timeout, long maxDatasetRows) {
    public static final TrainingJobsConfig DEFAULT = new TrainingJobsConfig(1, 64, Duration.ofHours(1), 20_000_000L);

    public TrainingJobsConfig {
        if (workers <= 0) {
            throw new IllegalArgumentException("workers must be positive: " + workers);
        }
        if (queueCapacity <= 0) {
            throw new IllegalArgumentException("queueCapacity must be positive: " + queueCapacity);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (maxDatasetRows <= 0) {
            throw new IllegalArgumentException("maxDatasetRows must be positive: " + maxDatasetRows);
        }
    }
}
