package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import dev.marquee.store.ExperimentRepository;
import dev.marquee.store.InferenceAssignment;
import io.micrometer.core.instrument.Counter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes inference assignments (request id → variant) to the experiment log off the request path: a request only
 * offers its assignment to a bounded queue, and a virtual thread, started when there is work and ending when there is
 * none, writes them in batches. When the queue is full the assignment is dropped and counted; the request never
 * waits. Assignments not yet written are still found by {@link #find}. Every hour of writing, entries older than the
 * retention are purged. Thread-safe.
 */
final class AssignmentRecorder {
    private static final Logger LOG = Logger.getLogger(AssignmentRecorder.class.getName());
    private static final int BATCH_SIZE = 500;
    private static final Duration PURGE_INTERVAL = Duration.ofHours(1);

    private final ExperimentRepository experiments;
    private final Duration retention;
    private final Clock clock;
    private final Counter dropped;
    private final BlockingQueue<InferenceAssignment> queue;
    private final ConcurrentMap<PendingKey, InferenceAssignment> pending = new ConcurrentHashMap<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition written = lock.newCondition();
    private Instant nextPurge = Instant.MIN;

    private record PendingKey(String tenantId, String endpointName, String requestId) {}

    AssignmentRecorder(ExperimentRepository experiments, int capacity, Duration retention, Clock clock,
            Counter dropped) {
        this.experiments = requireNonNull(experiments, "experiments is null");
        this.retention = requireNonNull(retention, "retention is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.dropped = requireNonNull(dropped, "dropped is null");
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Queues the assignment; never blocks. */
    void record(InferenceAssignment assignment) {
        PendingKey key = key(assignment);
        pending.put(key, assignment);
        if (!queue.offer(assignment)) {
            pending.remove(key, assignment);
            dropped.increment();
            return;
        }
        if (draining.compareAndSet(false, true)) {
            // A platform thread: JDBC drivers such as SQLite's block in native code, which would hold a carrier
            // thread of the virtual threads that serve requests for the whole write.
            Thread.ofPlatform().daemon().name("marquee-experiment-log").start(this::drain);
        }
    }

    /** The assignment of a request id, written or still queued. */
    Optional<InferenceAssignment> find(String tenantId, String endpointName, String requestId) {
        InferenceAssignment queued = pending.get(new PendingKey(tenantId, endpointName, requestId));
        return queued != null
                ? Optional.of(queued)
                : experiments.findAssignment(tenantId, endpointName, requestId);
    }

    /**
     * Waits until every assignment queued so far is written (or failed), at most {@code timeout}; returns whether
     * it got there.
     */
    boolean awaitWritten(Duration timeout) {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (!pending.isEmpty()) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = written.awaitNanos(remaining);
            }
            return true;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return pending.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Deletes log entries older than the retention, at most once per purge interval. */
    void purgeIfDue() {
        Instant now = clock.instant();
        lock.lock();
        try {
            if (now.isBefore(nextPurge)) {
                return;
            }
            nextPurge = now.plus(PURGE_INTERVAL);
        } finally {
            lock.unlock();
        }
        try {
            long deleted = experiments.purgeBefore(now.minus(retention));
            LOG.fine(() -> "purged " + deleted + " experiment log entries older than " + retention);
        } catch (RuntimeException failure) {
            LOG.log(Level.WARNING, "could not purge the experiment log", failure);
        }
    }

    private void drain() {
        while (true) {
            List<InferenceAssignment> batch = new ArrayList<>(Math.min(BATCH_SIZE, queue.size() + 1));
            queue.drainTo(batch, BATCH_SIZE);
            if (batch.isEmpty()) {
                draining.set(false);
                // An assignment offered after drainTo but before the flag was cleared found the flag set and
                // started no writer: take over again if there is one.
                if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            try {
                experiments.recordAssignments(batch);
            } catch (RuntimeException failure) {
                dropped.increment(batch.size());
                LOG.log(Level.WARNING, "could not record " + batch.size() + " inference assignments", failure);
            }
            lock.lock();
            try {
                batch.forEach(assignment -> pending.remove(key(assignment), assignment));
                written.signalAll();
            } finally {
                lock.unlock();
            }
            purgeIfDue();
        }
    }

    private static PendingKey key(InferenceAssignment assignment) {
        return new PendingKey(assignment.tenantId(), assignment.endpointName(), assignment.requestId());
    }

    /** For tests: assignments queued or being written. */
    int pendingCount() {
        return pending.size();
    }
}
