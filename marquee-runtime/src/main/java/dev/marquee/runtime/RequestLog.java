package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sampled, redacted logging of inference calls. Every transport calls {@link #offer} once per finished call (success
 * or error); with probability equal to the endpoint's {@linkplain RequestLogPolicy#sampleRate() sample rate} the call
 * becomes one JSON line (see {@link RequestLogEncoder}: personal fields pseudonymised, cut to the entry size limit)
 * that a single writer thread appends to the {@link RequestLogSink}.
 *
 * <p>Logging never blocks inference: the line is encoded on the caller's thread (bounded work: at most
 * {@code maxEntryBytes} of output), then handed over through a bounded queue with a non-blocking offer; when the
 * queue is full the entry is dropped and counted ({@link #droppedEntries}). Policy look-ups, encoding and writing
 * failures are counted ({@link #failedEntries}) and never thrown to the caller. The queue holds encoded lines only,
 * so its memory is at most {@code queueCapacity × maxEntryBytes}.
 *
 * <p>Thread-safe. {@link #close} writes what is queued (up to the close timeout) and closes the sink.
 */
public final class RequestLog implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RequestLog.class.getName());

    private final RequestLogPolicies policies;
    private final RequestLogEncoder encoder;
    private final RequestLogSink sink;
    private final DoubleSupplier sampler;
    private final Duration closeTimeout;
    private final BlockingQueue<Item> queue;
    private final Thread writer;
    private final LongAdder offered = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private volatile boolean closed;

    private sealed interface Item {}

    private record Line(String tenantId, String endpoint, byte[] bytes) implements Item {}

    private record Barrier(CountDownLatch reached) implements Item {}

    private record Stop() implements Item {}

    /**
     * Starts the writer thread.
     *
     * @param sampler uniform numbers in [0, 1) deciding which calls are logged, e.g.
     *     {@code () -> ThreadLocalRandom.current().nextDouble()}; must be thread-safe
     */
    public RequestLog(
            RequestLogConfig config,
            RequestLogPolicies policies,
            Pseudonyms pseudonyms,
            RequestLogSink sink,
            DoubleSupplier sampler) {
        requireNonNull(config, "config is null");
        this.policies = requireNonNull(policies, "policies is null");
        this.encoder = new RequestLogEncoder(requireNonNull(pseudonyms, "pseudonyms is null"), config.maxEntryBytes());
        this.sink = requireNonNull(sink, "sink is null");
        this.sampler = requireNonNull(sampler, "sampler is null");
        this.closeTimeout = config.closeTimeout();
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        this.writer = Thread.ofPlatform().name("marquee-request-log").daemon().start(this::writeLoop);
    }

    /**
     * Logs the call if it is sampled; never blocks and never throws (failures are counted).
     *
     * @return whether the entry was queued for writing
     */
    public boolean offer(RequestLogEvent event) {
        return offer(event.tenantId(), event.endpoint(), () -> event);
    }

    /**
     * As {@link #offer(RequestLogEvent)} for a call of the tenant's endpoint whose event is built only when the call is
     * sampled: with sampling off (the default) the inference path pays for a policy look-up, not for an event.
     */
    public boolean offer(String tenantId, String endpoint, Supplier<RequestLogEvent> event) {
        try {
            RequestLogPolicy policy = policies.policy(tenantId, endpoint);
            double rate = policy.sampleRate();
            if (rate <= 0 || (rate < 1 && sampler.getAsDouble() >= rate)) {
                return false;
            }
            if (closed) {
                dropped.increment();
                return false;
            }
            Line line = new Line(tenantId, endpoint, encoder.encode(event.get(), policy));
            if (!queue.offer(line)) {
                dropped.increment();
                return false;
            }
            return true;
        } catch (RuntimeException e) {
            // The message names the endpoint only; the event's values may be personal.
            recordFailure("could not log a call of endpoint " + endpoint, e);
            return false;
        } finally {
            offered.increment();
        }
    }

    /**
     * Waits until every entry queued before this call has been written (or failed). Blocks; for shutdown, tests and
     * readers that want to see their own calls, never for the inference path.
     */
    public void flush() throws InterruptedException {
        if (closed) {
            return;
        }
        CountDownLatch reached = new CountDownLatch(1);
        queue.put(new Barrier(reached));
        reached.await();
    }

    /**
     * Calls offered so far, sampled or not, counted when {@link #offer} is done with them. A transport may offer a
     * call after answering it, so a client that wants to see its own call waits for this count before {@link
     * #flush}.
     */
    public long offeredCalls() {
        return offered.sum();
    }

    /** Entries written to the sink. */
    public long writtenEntries() {
        return written.sum();
    }

    /** Sampled entries dropped because the queue was full (or the log closed). */
    public long droppedEntries() {
        return dropped.sum();
    }

    /** Sampled entries lost to a failure: policy look-up, encoding or writing. */
    public long failedEntries() {
        return failed.sum();
    }

    private void writeLoop() {
        while (true) {
            Item item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            switch (item) {
                case Line line -> write(line);
                case Barrier barrier -> barrier.reached().countDown();
                case Stop stop -> {
                    return;
                }
            }
        }
    }

    private void write(Line line) {
        try {
            sink.append(line.tenantId(), line.endpoint(), line.bytes());
            written.increment();
        } catch (IOException | RuntimeException e) {
            recordFailure("could not write the request log of endpoint " + line.endpoint(), e);
        }
    }

    /**
     * Counts a failure and logs the 1st, 2nd, 4th, 8th... one, so that an outage (a full disk, an unreachable
     * metadata store) cannot flood the server log with one warning per inference call.
     */
    private void recordFailure(String message, Exception failure) {
        failed.increment();
        long count = failed.sum();
        if (Long.bitCount(count) == 1) {
            LOG.log(Level.WARNING, message + " (%d request log failures so far)".formatted(count), failure);
        }
    }

    /**
     * Stops accepting entries, lets the writer write what is queued (waiting at most the close timeout; what is left
     * then is counted as dropped) and closes the sink. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!queue.offer(new Stop(), closeTimeout.toNanos(), TimeUnit.NANOSECONDS)
                    || !writer.join(closeTimeout)) {
                writer.interrupt();
                writer.join(closeTimeout);
            }
        } catch (InterruptedException e) {
            writer.interrupt();
            Thread.currentThread().interrupt();
        }
        for (Item item : queue) {
            if (item instanceof Line) {
                dropped.increment();
            } else if (item instanceof Barrier barrier) {
                barrier.reached().countDown();
            }
        }
        queue.clear();
        try {
            sink.close();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not close the request log files", e);
        }
    }
}
