package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Server-wide settings of the {@link InferenceScheduler}; per-endpoint settings are a {@link BatchingPolicy}.
 *
 * @param workers most model executions that run at once, across all endpoints (on worker threads or inline on the
 *     callers' threads); one per core keeps the CPUs busy without oversubscribing them
 * @param retryAfter what a refused request is told to wait before retrying ({@code Retry-After})
 */
public record InferenceSchedulerConfig(int workers, Duration retryAfter) {
    public InferenceSchedulerConfig {
        requireNonNull(retryAfter, "retryAfter is null");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1: " + workers);
        }
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter);
        }
    }
}
