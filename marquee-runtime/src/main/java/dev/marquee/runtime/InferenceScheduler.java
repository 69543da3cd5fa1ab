package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.ErrorCode;
import dev.marquee.core.MarqueeException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs inference requests with bounded queues, per-request deadlines, cancellation and dynamic batching, per
 * {@link BatchKey} (tenant, endpoint, version) with the {@link BatchingPolicy} given at submission.
 *
 * <p><b>Execution.</b> At most {@link InferenceSchedulerConfig#workers()} model calls run at once. When a request's
 * queue is empty, a slot is free and its policy does not wait for fuller batches, it runs at once on the caller's
 * thread (no thread hop, nothing queued); otherwise it queues and one of the scheduler's worker threads runs it,
 * merged with compatible queued requests of the same key into one model call of at most
 * {@link BatchingPolicy#maxBatchSize()} rows (see {@link Batches} for what merges). Outputs are cut back per
 * request by row count. When a merged call fails with INVALID_ARGUMENT, or its outputs are not per row, each request
 * of the batch runs again alone, so one bad request fails only itself.
 *
 * <p><b>Refusals.</b> A full queue refuses at once with RESOURCE_EXHAUSTED, a closed scheduler with UNAVAILABLE, both
 * carrying {@link InferenceSchedulerConfig#retryAfter()}. A request whose {@link Deadline} passes while queued is
 * removed and never runs (DEADLINE_EXCEEDED); once running, a model call cannot be interrupted, so a caller whose
 * deadline passes stops waiting and its outputs are discarded. A request that has not started leaves the queue when
 * it is cancelled: through {@link InferenceCall#cancel()}, or by interrupting the thread that waits for it.
 *
 * <p>Metrics, tagged {@code tenant}, {@code endpoint}, {@code version}: {@code marquee.inference.batch.size} (rows per
 * model call), {@code marquee.inference.queue.depth} (requests waiting) and {@code marquee.inference.refused} (with
 * {@code reason}: {@code queue_full}, {@code deadline_exceeded}, {@code cancelled}, {@code unavailable}).
 *
 * <p>Thread-safe. The worker threads start with the scheduler; {@link #close()} stops them.
 */
public final class InferenceScheduler implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(InferenceScheduler.class.getName());
    private static final Duration WORKER_STOP_WAIT = Duration.ofSeconds(5);

    private final InferenceSchedulerConfig config;
    private final MeterRegistry meters;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when work is queued, a slot frees up or the scheduler closes. */
    private final Condition workAvailable = lock.newCondition();
    // Guarded by lock:
    private final Map<BatchKey, Lane> lanes = new HashMap<>();
    /** Lanes with queued requests, in the order they were last served (fairness between endpoints). */
    private final LinkedHashSet<Lane> waiting = new LinkedHashSet<>();
    private int running;
    private boolean closed;
    private final List<Thread> workers;

    /** One key's queue; fields guarded by the scheduler's lock. */
    private static final class Lane {
        final ArrayDeque<Pending> queue = new ArrayDeque<>();
        final DistributionSummary batchSizes;
        final Tags tags;
        /** Refusal counters by reason, registered on first use instead of on every refusal. */
        final Map<String, Counter> refusals = new ConcurrentHashMap<>();
        BatchingPolicy policy;
        /** Rows queued, counting a request that cannot merge as a full batch. */
        long queuedRows;

        Lane(BatchKey key, BatchingPolicy policy, MeterRegistry meters) {
            this.policy = policy;
            this.tags = Tags.of("tenant", key.tenantId(), "endpoint", key.endpointName(), "version", key.version());
            this.batchSizes = DistributionSummary.builder("marquee.inference.batch.size")
                    .description("Rows per model call")
                    .tags(tags)
                    .register(meters);
        }

    }

    /** A queued or running request, or a task ({@link #call}): a task has no model or request and never merges. */
    static final class Pending {
        final Lane lane;
        /** The model and request of an inference; null for a task. */
        final ServedModel model;
        final InferenceRequest request;
        /** What running it alone does. */
        final Supplier<List<InferenceTensor>> alone;
        final Deadline deadline;
        final Optional<Batches.Batchable> batchable;
        final long enqueuedNanos;
        /** Rows this request counts for in its lane: its rows, or a full batch when it cannot merge. */
        final long weight;
        final CompletableFuture<List<InferenceTensor>> result = new CompletableFuture<>();
        /** Guarded by the scheduler's lock. */
        boolean queued;

        Pending(Lane lane, ServedModel model, InferenceRequest request, Deadline deadline, long enqueuedNanos) {
            this(lane, model, request, () -> model.infer(request), deadline, enqueuedNanos,
                    lane.policy.maxBatchSize() > 1 ? Batches.batchable(model, request) : Optional.empty());
        }

        private Pending(Lane lane, ServedModel model, InferenceRequest request, Supplier<List<InferenceTensor>> alone,
                Deadline deadline, long enqueuedNanos, Optional<Batches.Batchable> batchable) {
            this.lane = lane;
            this.model = model;
            this.request = request;
            this.alone = alone;
            this.deadline = deadline;
            this.enqueuedNanos = enqueuedNanos;
            this.batchable = batchable;
            this.weight = batchable.map(Batches.Batchable::rows).orElse(lane.policy.maxBatchSize());
        }

        static Pending task(Lane lane, Supplier<List<InferenceTensor>> work, Deadline deadline, long enqueuedNanos) {
            return new Pending(lane, null, null, work, deadline, enqueuedNanos, Optional.empty());
        }
    }

    public InferenceScheduler(InferenceSchedulerConfig config, MeterRegistry meters) {
        this.config = requireNonNull(config, "config is null");
        this.meters = requireNonNull(meters, "meters is null");
        List<Thread> started = new ArrayList<>(config.workers());
        for (int index = 0; index < config.workers(); index++) {
            started.add(Thread.ofPlatform().name("marquee-inference-" + index).daemon().start(this::work));
        }
        this.workers = List.copyOf(started);
    }

    /**
     * Runs {@code request} on {@code model} and waits for its outputs (see {@link InferenceCall#await()} for the
     * failures). When the request can run at once it runs on the calling thread.
     */
    public List<InferenceTensor> infer(
            BatchKey key, ServedModel model, InferenceRequest request, BatchingPolicy policy, Deadline deadline) {
        Pending pending = admit(key, model, request, policy, deadline);
        if (pending == null) {
            return runInline(() -> model.infer(request));
        }
        return await(pending);
    }

    /**
     * Runs {@code work}, model work that is not an inference request (a recommendation, say), under the same bounds
     * as {@link #infer} in {@code key}'s queue: on the calling thread when it could run at once, else queued (never
     * merged with other requests) until a worker thread runs it, with the same refusals, deadline and cancellation.
     * Failures of the work propagate.
     */
    public <T> T call(BatchKey key, BatchingPolicy policy, Deadline deadline, Supplier<T> work) {
        requireNonNull(work, "work is null");
        AtomicReference<T> produced = new AtomicReference<>();
        Pending pending = admit(key, policy, deadline, lane -> Pending.task(lane, () -> {
            produced.set(work.get());
            return List.of();
        }, deadline, System.nanoTime()));
        if (pending == null) {
            return runInline(work);
        }
        await(pending);
        return produced.get();
    }

    /**
     * Submits {@code request} and returns without waiting for it to run, except that a request that can run at once
     * runs on the calling thread before this returns. Refusals (queue full, closed, deadline already passed) are
     * thrown here.
     */
    public InferenceCall submit(
            BatchKey key, ServedModel model, InferenceRequest request, BatchingPolicy policy, Deadline deadline) {
        Pending pending = admit(key, model, request, policy, deadline);
        if (pending == null) {
            lock.lock();
            Lane lane;
            try {
                lane = lanes.get(key);
            } finally {
                lock.unlock();
            }
            pending = new Pending(lane, model, request, deadline, System.nanoTime());
            try {
                pending.result.complete(runInline(() -> model.infer(request)));
            } catch (RuntimeException e) {
                pending.result.completeExceptionally(e);
            }
        }
        return new InferenceCall(this, pending);
    }

    /** Queues the request, or returns null after reserving a slot for the caller to run it inline. */
    private Pending admit(
            BatchKey key, ServedModel model, InferenceRequest request, BatchingPolicy policy, Deadline deadline) {
        requireNonNull(model, "model is null");
        requireNonNull(request, "request is null");
        return admit(key, policy, deadline, lane -> new Pending(lane, model, request, deadline, System.nanoTime()));
    }

    /** Queues what {@code pending} makes for the lane, or returns null after reserving a slot for the caller. */
    private Pending admit(BatchKey key, BatchingPolicy policy, Deadline deadline, Function<Lane, Pending> pending) {
        lock.lock();
        try {
            Lane lane = admittingLane(key, policy, deadline);
            if (reserveSlot(lane, policy)) {
                return null;
            }
            if (lane.queue.size() >= policy.queueCapacity()) {
                refused(lane, "queue_full");
                throw new MarqueeException(
                        ErrorCode.RESOURCE_EXHAUSTED,
                        "endpoint '%s' has %d requests waiting, its queue capacity; retry later"
                                .formatted(key.endpointName(), lane.queue.size()),
                        config.retryAfter());
            }
            Pending queued = pending.apply(lane);
            queued.queued = true;
            lane.queue.addLast(queued);
            lane.queuedRows += queued.weight;
            waiting.add(lane);
            workAvailable.signal();
            return queued;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reserves a slot for one request of {@code key} to run on the calling thread now, when it would not wait: the
     * policy does not wait for batches, nothing of the key is queued and fewer than
     * {@link InferenceSchedulerConfig#workers()} model calls run. Empty otherwise, with nothing queued (the caller may
     * then {@link #infer} from a thread that can wait). A closed scheduler and a passed deadline are refused as by
     * {@link #infer}. Close the slot when the call is done (a slot is used by one thread).
     */
    public Optional<Slot> reserve(BatchKey key, BatchingPolicy policy, Deadline deadline) {
        lock.lock();
        try {
            Lane lane = admittingLane(key, policy, deadline);
            return reserveSlot(lane, policy) ? Optional.of(new Slot()) : Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** A slot reserved by {@link #reserve}: one model call on the caller's thread. */
    public final class Slot implements AutoCloseable {
        private boolean released;

        private Slot() {}

        /** Runs the request on {@code model} on the calling thread. */
        public List<InferenceTensor> run(ServedModel model, InferenceRequest request) {
            requireNonNull(model, "model is null");
            requireNonNull(request, "request is null");
            if (released) {
                throw new IllegalStateException("the slot was released");
            }
            return model.infer(request);
        }

        /** Frees the slot (once; later calls do nothing). */
        @Override
        public void close() {
            if (!released) {
                released = true;
                release();
            }
        }
    }

    /** The key's lane, refusing a closed scheduler and a passed deadline; under the lock. */
    private Lane admittingLane(BatchKey key, BatchingPolicy policy, Deadline deadline) {
        requireNonNull(key, "key is null");
        requireNonNull(policy, "policy is null");
        requireNonNull(deadline, "deadline is null");
        Lane lane = lanes.get(key);
        if (lane == null) {
            lane = newLane(key, policy);
        }
        lane.policy = policy;
        if (closed) {
            refused(lane, "unavailable");
            throw new MarqueeException(
                    ErrorCode.UNAVAILABLE, "the server is shutting down; retry on another replica",
                    config.retryAfter());
        }
        if (deadline.hasPassed()) {
            refused(lane, "deadline_exceeded");
            throw new MarqueeException(ErrorCode.DEADLINE_EXCEEDED, "the request's deadline passed before it ran");
        }
        return lane;
    }

    /** Takes a slot for a request that would not wait (see {@link #reserve}); under the lock. */
    private boolean reserveSlot(Lane lane, BatchingPolicy policy) {
        if (!policy.waitsForBatch() && lane.queue.isEmpty() && running < config.workers()) {
            running++;
            lane.batchSizes.record(1);
            return true;
        }
        return false;
    }

    private Lane newLane(BatchKey key, BatchingPolicy policy) {
        Lane lane = new Lane(key, policy, meters);
        Gauge.builder("marquee.inference.queue.depth", this, scheduler -> scheduler.queued(key))
                .description("Inference requests waiting to run")
                .tags(lane.tags)
                .register(meters);
        lanes.put(key, lane);
        return lane;
    }

    private void refused(Lane lane, String reason) {
        lane.refusals.computeIfAbsent(reason, key -> Counter.builder("marquee.inference.refused")
                        .description("Inference requests refused or dropped before they ran")
                        .tags(lane.tags)
                        .tag("reason", key)
                        .register(meters))
                .increment();
    }

    /** Runs work for which {@link #admit} reserved a slot, on the calling thread, then frees the slot. */
    private <T> T runInline(Supplier<T> work) {
        try {
            return work.get();
        } finally {
            release();
        }
    }

    /** Frees a slot taken for a call on the caller's thread. */
    private void release() {
        lock.lock();
        try {
            running--;
            if (!waiting.isEmpty()) {
                workAvailable.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    List<InferenceTensor> await(Pending pending) {
        try {
            long remaining = pending.deadline.remainingNanos();
            if (remaining > 0) {
                return pending.result.get(remaining, TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException e) {
            // handled below, as when the deadline had already passed
        } catch (InterruptedException e) {
            cancel(pending);
            Thread.currentThread().interrupt();
            throw new MarqueeException(ErrorCode.CANCELLED, "the request was cancelled");
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        }
        boolean dequeued = dequeue(pending);
        MarqueeException exceeded = new MarqueeException(
                ErrorCode.DEADLINE_EXCEEDED,
                dequeued ? "the request's deadline passed while it waited to run"
                        : "the request's deadline passed while the model ran");
        if (pending.result.completeExceptionally(exceeded)) {
            lock.lock();
            try {
                refused(pending.lane, "deadline_exceeded");
            } finally {
                lock.unlock();
            }
            throw exceeded;
        }
        try {
            return pending.result.get(); // completed just now
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MarqueeException(ErrorCode.CANCELLED, "the request was cancelled");
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        }
    }

    private static RuntimeException rethrown(Throwable failure) {
        return switch (failure) {
            case RuntimeException runtime -> runtime;
            case Error error -> throw error;
            default -> new MarqueeException(ErrorCode.INTERNAL, "inference failed: " + failure, failure);
        };
    }

    boolean cancel(Pending pending) {
        if (!dequeue(pending)) {
            return false;
        }
        lock.lock();
        try {
            refused(pending.lane, "cancelled");
        } finally {
            lock.unlock();
        }
        pending.result.completeExceptionally(new MarqueeException(ErrorCode.CANCELLED, "the request was cancelled"));
        return true;
    }

    /** Takes the request out of its queue if it is still there; true when it was. */
    private boolean dequeue(Pending pending) {
        lock.lock();
        try {
            if (!pending.queued) {
                return false;
            }
            pending.queued = false;
            Lane lane = pending.lane;
            lane.queue.remove(pending);
            lane.queuedRows -= pending.weight;
            if (lane.queue.isEmpty()) {
                waiting.remove(lane);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Requests of {@code key} waiting to run. */
    public int queued(BatchKey key) {
        lock.lock();
        try {
            Lane lane = lanes.get(key);
            return lane == null ? 0 : lane.queue.size();
        } finally {
            lock.unlock();
        }
    }

    private void work() {
        while (true) {
            List<Pending> batch;
            lock.lock();
            try {
                batch = nextBatch();
                if (batch == null) {
                    return;
                }
                running++;
            } finally {
                lock.unlock();
            }
            try {
                execute(batch);
            } catch (RuntimeException | Error e) {
                LOG.log(Level.SEVERE, "inference worker failed", e);
                batch.forEach(pending -> pending.result.completeExceptionally(e));
            } finally {
                lock.lock();
                try {
                    running--;
                    workAvailable.signal();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** Waits for a batch that is due and a free slot; null once closed. Guarded by {@link #lock}. */
    private List<Pending> nextBatch() {
        while (!closed) {
            long waitNanos = Long.MAX_VALUE;
            if (running < config.workers()) {
                long now = System.nanoTime();
                Lane due = null;
                for (Lane lane : waiting) {
                    long dueIn = dueIn(lane, now);
                    if (dueIn <= 0) {
                        due = lane;
                        break;
                    }
                    waitNanos = Math.min(waitNanos, dueIn);
                }
                if (due != null) {
                    List<Pending> batch = takeBatch(due);
                    waiting.remove(due);
                    if (!due.queue.isEmpty()) {
                        waiting.add(due); // to the back: other endpoints go first next time
                    }
                    if (!batch.isEmpty()) {
                        if (!waiting.isEmpty()) {
                            workAvailable.signal(); // another worker may take the next batch
                        }
                        return batch;
                    }
                    continue;
                }
            }
            try {
                if (waitNanos == Long.MAX_VALUE) {
                    workAvailable.await();
                } else {
                    workAvailable.awaitNanos(waitNanos);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /** Nanoseconds until the lane's next batch is due; zero or less when due now. */
    private static long dueIn(Lane lane, long now) {
        BatchingPolicy policy = lane.policy;
        if (!policy.waitsForBatch() || lane.queuedRows >= policy.maxBatchSize()) {
            return 0;
        }
        return lane.queue.getFirst().enqueuedNanos + policy.maxQueueDelay().toNanos() - now;
    }

    /**
     * Takes the oldest live request and the compatible requests after it, up to the policy's rows; requests whose
     * deadline passed are dropped on the way. Guarded by {@link #lock}.
     */
    private List<Pending> takeBatch(Lane lane) {
        List<Pending> batch = new ArrayList<>();
        int maxRows = lane.policy.maxBatchSize();
        long rows = 0;
        Iterator<Pending> queued = lane.queue.iterator();
        while (queued.hasNext()) {
            Pending pending = queued.next();
            if (pending.deadline.hasPassed()) {
                queued.remove();
                pending.queued = false;
                lane.queuedRows -= pending.weight;
                refused(lane, "deadline_exceeded");
                pending.result.completeExceptionally(new MarqueeException(
                        ErrorCode.DEADLINE_EXCEEDED, "the request's deadline passed while it waited to run"));
                continue;
            }
            boolean fits;
            if (batch.isEmpty()) {
                fits = true;
            } else {
                Pending head = batch.getFirst();
                fits = head.batchable.isPresent() && pending.batchable.isPresent()
                        && head.batchable.get().signature().equals(pending.batchable.get().signature())
                        && rows + pending.batchable.get().rows() <= maxRows;
            }
            if (fits) {
                queued.remove();
                pending.queued = false;
                lane.queuedRows -= pending.weight;
                batch.add(pending);
                rows += pending.batchable.map(Batches.Batchable::rows).orElse(maxRows);
                if (rows >= maxRows || pending.batchable.isEmpty()) {
                    break;
                }
            }
        }
        lane.batchSizes.record(rows);
        return batch;
    }

    private static void execute(List<Pending> batch) {
        if (batch.size() == 1) {
            runAlone(batch.getFirst());
            return;
        }
        int[] rowCounts = batch.stream().mapToInt(pending -> pending.batchable.orElseThrow().rows()).toArray();
        int totalRows = Arrays.stream(rowCounts).sum();
        List<InferenceTensor> outputs;
        try {
            outputs = batch.getFirst().model.infer(
                    Batches.merge(batch.stream().map(pending -> pending.request).toList(), totalRows));
        } catch (MarqueeException e) {
            if (e.code() == ErrorCode.INVALID_ARGUMENT) {
                batch.forEach(InferenceScheduler::runAlone); // only the bad request fails
                return;
            }
            batch.forEach(pending -> pending.result.completeExceptionally(e));
            return;
        } catch (RuntimeException e) {
            batch.forEach(pending -> pending.result.completeExceptionally(e));
            return;
        }
        Optional<List<List<InferenceTensor>>> split = Batches.split(outputs, rowCounts, totalRows);
        if (split.isEmpty()) {
            batch.forEach(InferenceScheduler::runAlone);
            return;
        }
        for (int index = 0; index < batch.size(); index++) {
            batch.get(index).result.complete(split.get().get(index));
        }
    }

    private static void runAlone(Pending pending) {
        if (pending.result.isDone()) {
            return; // its caller gave up (deadline) meanwhile
        }
        try {
            pending.result.complete(pending.alone.get());
        } catch (RuntimeException e) {
            pending.result.completeExceptionally(e);
        }
    }

    /**
     * Refuses new requests with UNAVAILABLE, fails the queued ones the same way and stops the workers after their
     * current batch (waiting a few seconds at most).
     */
    @Override
    public void close() {
        List<Pending> abandoned = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (Lane lane : waiting) {
                for (Pending pending : lane.queue) {
                    pending.queued = false;
                    abandoned.add(pending);
                }
                lane.queue.clear();
                lane.queuedRows = 0;
            }
            waiting.clear();
            workAvailable.signalAll();
        } finally {
            lock.unlock();
        }
        abandoned.forEach(pending -> pending.result.completeExceptionally(new MarqueeException(
                ErrorCode.UNAVAILABLE, "the server is shutting down; retry on another replica", config.retryAfter())));
        long deadline = System.nanoTime() + WORKER_STOP_WAIT.toNanos();
        for (Thread worker : workers) {
            try {
                worker.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
