package dev.marquee.server;

import dev.marquee.core.ErrorCode;
import dev.marquee.core.MarqueeException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Bounds the recommendation work running at once (scoring every item is CPU-bound: more computations than cores only
 * add cache misses and garbage) and the requests waiting for a turn. A request that finds {@code queueCapacity}
 * others waiting is refused at once with RESOURCE_EXHAUSTED (429 with Retry-After); one that waits longer than the
 * inference timeout gets DEADLINE_EXCEEDED (504). Thread-safe.
 */
final class RecommendSlots {
    private final Semaphore running;
    private final AtomicInteger waiting = new AtomicInteger();
    private final int queueCapacity;
    private final Duration timeout;
    private final Duration retryAfter;

    /**
     * @param workers computations at once ({@code inference-workers})
     * @param queueCapacity requests that may wait ({@code inference-queue-capacity})
     * @param timeout longest wait for a turn ({@code inference-timeout})
     * @param retryAfter Retry-After of a refusal ({@code inference-retry-after})
     */
    RecommendSlots(int workers, int queueCapacity, Duration timeout, Duration retryAfter) {
        this.running = new Semaphore(workers, true);
        this.queueCapacity = queueCapacity;
        this.timeout = timeout;
        this.retryAfter = retryAfter;
    }

    /** Runs {@code work} when a slot is free, within the bounds above. */
    <T> T run(Supplier<T> work) {
        if (!running.tryAcquire()) {
            if (waiting.incrementAndGet() > queueCapacity) {
                waiting.decrementAndGet();
                throw new MarqueeException(ErrorCode.RESOURCE_EXHAUSTED,
                        "too many recommendation requests are waiting (inference-queue-capacity %d); retry later"
                                .formatted(queueCapacity), retryAfter);
            }
            try {
                if (!running.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                    throw new MarqueeException(ErrorCode.DEADLINE_EXCEEDED,
                            "the recommendation waited longer than inference-timeout (%s) for a turn".formatted(
                                    timeout));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MarqueeException(ErrorCode.CANCELLED, "the recommendation was cancelled while waiting");
            } finally {
                waiting.decrementAndGet();
            }
        }
        try {
            return work.get();
        } finally {
            running.release();
        }
    }
}
