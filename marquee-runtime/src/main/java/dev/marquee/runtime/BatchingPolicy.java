package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How an endpoint's requests are queued and batched by the {@link InferenceScheduler}.
 *
 * <ul>
 *   <li>{@code maxBatchSize} 1 disables batching: each request runs alone, on the caller's thread when an execution
 *       slot is free (no thread hop).
 *   <li>{@code maxBatchSize} above 1 with {@code maxQueueDelay} zero batches greedily: a request runs at once when a
 *       slot is free, and requests that queued up while the model was busy run together as one batch.
 *   <li>{@code maxBatchSize} above 1 with a positive {@code maxQueueDelay} always queues: a batch runs when its rows
 *       reach {@code maxBatchSize} or its oldest request has waited {@code maxQueueDelay}.
 * </ul>
 *
 * @param maxBatchSize most rows one model call scores (a request with more rows runs alone); at least 1
 * @param maxQueueDelay longest the oldest queued request waits for a batch to fill; not negative
 * @param queueCapacity most requests of the endpoint that may wait; one more is refused with RESOURCE_EXHAUSTED
 */
public record BatchingPolicy(int maxBatchSize, Duration maxQueueDelay, int queueCapacity) {
    public BatchingPolicy {
        requireNonNull(maxQueueDelay, "maxQueueDelay is null");
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1: " + maxBatchSize);
        }
        if (maxQueueDelay.isNegative()) {
            throw new IllegalArgumentException("maxQueueDelay must not be negative: " + maxQueueDelay);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1: " + queueCapacity);
        }
    }

    /** No batching: every request runs alone, queueing up to {@code queueCapacity} requests when the model is busy. */
    public static BatchingPolicy unbatched(int queueCapacity) {
        return new BatchingPolicy(1, Duration.ZERO, queueCapacity);
    }

    /** Whether requests are held back to wait for a fuller batch. */
    boolean waitsForBatch() {
        return maxBatchSize > 1 && !maxQueueDelay.isZero();
    }
}
