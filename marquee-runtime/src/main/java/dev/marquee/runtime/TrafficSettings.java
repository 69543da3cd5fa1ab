package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Limits of traffic routing and the experiment log.
 *
 * @param maxRoutes most routes plus shadows one endpoint may have
 * @param shadowConcurrency most shadow copies running at once; a copy beyond it is dropped (and counted), never
 *     queued
 * @param assignmentQueueCapacity most inference assignments (request id → variant) waiting to be written; beyond it
 *     they are dropped (and counted)
 * @param experimentRetention how long assignments and feedback are kept
 * @param assignmentWait how long an experiment report waits for queued assignments to be written
 */
public record TrafficSettings(
        int maxRoutes,
        int shadowConcurrency,
        int assignmentQueueCapacity,
        Duration experimentRetention,
        Duration assignmentWait) {
    /** 16 routes, 16 concurrent shadows, 10,000 queued assignments, 30 days of retention, 2 s of waiting. */
    public static final TrafficSettings DEFAULT =
            new TrafficSettings(16, 16, 10_000, Duration.ofDays(30), Duration.ofSeconds(2));

    public TrafficSettings {
        requireNonNull(experimentRetention, "experimentRetention is null");
        requireNonNull(assignmentWait, "assignmentWait is null");
        requirePositive("maxRoutes", maxRoutes);
        requirePositive("shadowConcurrency", shadowConcurrency);
        requirePositive("assignmentQueueCapacity", assignmentQueueCapacity);
        if (experimentRetention.isNegative() || experimentRetention.isZero()) {
            throw new IllegalArgumentException("experimentRetention must be positive: " + experimentRetention);
        }
        if (assignmentWait.isNegative()) {
            throw new IllegalArgumentException("assignmentWait must not be negative: " + assignmentWait);
        }
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
