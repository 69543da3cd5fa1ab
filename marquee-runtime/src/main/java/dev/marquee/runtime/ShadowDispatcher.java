package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.Semaphore;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs shadow copies of requests on virtual threads, at most {@code concurrency} at once. A copy that finds every
 * slot taken is dropped and counted rather than queued, so a slow or failing shadow can never hold memory, threads
 * or the caller. A shadow's answer is discarded and its failure only counted. Thread-safe.
 */
final class ShadowDispatcher {
    private static final Logger LOG = Logger.getLogger(ShadowDispatcher.class.getName());

    private final Semaphore slots;
    private final InferenceMetrics metrics;

    ShadowDispatcher(int concurrency, InferenceMetrics metrics) {
        this.slots = new Semaphore(concurrency);
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    /** Starts a copy of {@code request} on {@code shadow}, or counts it dropped; never blocks, never throws. */
    void dispatch(String tenantId, String endpointName, ShadowVariant shadow, InferenceRequest request) {
        InferenceMetrics.ShadowMeters meters = metrics.shadow(tenantId, endpointName, shadow);
        if (!slots.tryAcquire()) {
            meters.dropped().increment();
            return;
        }
        try {
            Thread.ofVirtual().name("marquee-shadow").start(() -> run(shadow, request, meters));
        } catch (RuntimeException | Error failure) {
            slots.release();
            meters.dropped().increment();
            LOG.log(Level.WARNING, "could not start a shadow request", failure);
        }
    }

    private void run(ShadowVariant shadow, InferenceRequest request, InferenceMetrics.ShadowMeters meters) {
        long started = System.nanoTime();
        try {
            shadow.model().infer(request);
            meters.success().increment();
        } catch (RuntimeException failure) {
            meters.error().increment();
            LOG.log(Level.FINE, "shadow '" + shadow.name() + "' failed", failure);
        } finally {
            meters.duration().record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
            slots.release();
        }
    }
}
