package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A request submitted to the {@link InferenceScheduler}: wait for its outputs with {@link #await()}, or
 * {@link #cancel()} it when the client goes away. Thread-safe.
 */
public final class InferenceCall {
    private final InferenceScheduler scheduler;
    private final InferenceScheduler.Pending pending;

    InferenceCall(InferenceScheduler scheduler, InferenceScheduler.Pending pending) {
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.pending = requireNonNull(pending, "pending is null");
    }

    /**
     * The outputs, waiting at most until the request's deadline. Throws the model's failure, DEADLINE_EXCEEDED when
     * the deadline passes first (a request still queued is then removed and never runs), CANCELLED after
     * {@link #cancel()}, UNAVAILABLE when the scheduler closed before it ran. An interrupt cancels the request,
     * keeps the interrupt flag and throws CANCELLED.
     */
    public List<InferenceTensor> await() {
        return scheduler.await(pending);
    }

    /**
     * Cancels the request if it has not started: it leaves the queue, never runs, and {@link #await()} throws
     * CANCELLED. Returns false when it already ran or is running (its outputs are then simply not awaited).
     */
    public boolean cancel() {
        return scheduler.cancel(pending);
    }

    /** Whether the outputs or a failure are ready. */
    public boolean isDone() {
        return pending.result.isDone();
    }
}
