package dev.marquee.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.marquee.core.MarqueeException;

/**
 * An endpoint's dynamic batching settings: requests are grouped into batches of at most {@code maxBatchSize}, and
 * none waits more than {@code maxQueueDelayMillis} for a batch to fill. Stored with the endpoint; the runtime's
 * batching scheduler applies them. In JSON the delay is {@code max_queue_delay_ms}, the REST field's name.
 */
public record EndpointBatching(
        int maxBatchSize, @JsonProperty("max_queue_delay_ms") long maxQueueDelayMillis) {
    /** INVALID_ARGUMENT naming the REST field when a value is out of range. */
    public EndpointBatching {
        if (maxBatchSize < 1) {
            throw MarqueeException.invalid("'batching.max_batch_size' must be at least 1, got %d", maxBatchSize);
        }
        if (maxQueueDelayMillis < 0) {
            throw MarqueeException.invalid(
                    "'batching.max_queue_delay_ms' must not be negative, got %d", maxQueueDelayMillis);
        }
    }
}
