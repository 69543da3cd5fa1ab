package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import dev.marquee.store.ModelVersionRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Per-route inference meters, tagged {@code tenant} (the tenant id, never its name), {@code endpoint},
 * {@code model}, {@code version} and {@code route}:
 * <ul>
 *   <li>{@code marquee_inference_requests_total{...,outcome}} with outcome {@code success}, {@code client_error}
 *       (the request was refused as invalid) or {@code error};
 *   <li>{@code marquee_inference_duration_seconds} — a histogram (Prometheus buckets from 10 µs to 10 s, so any
 *       percentile can be computed with {@code histogram_quantile}) of every request's model time;
 *   <li>{@code marquee_shadow_requests_total{...,outcome}} with outcome {@code success}, {@code error} or
 *       {@code dropped} (the shadow concurrency limit was reached) and {@code marquee_shadow_duration_seconds}.
 * </ul>
 * Meters are created once per route and cached. Thread-safe.
 */
final class InferenceMetrics {
    private static final Duration MINIMUM_LATENCY = Duration.ofNanos(10_000);
    private static final Duration MAXIMUM_LATENCY = Duration.ofSeconds(10);

    private final MeterRegistry registry;
    private final ConcurrentMap<RouteKey, RouteMeters> routes = new ConcurrentHashMap<>();
    private final ConcurrentMap<RouteKey, ShadowMeters> shadows = new ConcurrentHashMap<>();

    private record RouteKey(String tenantId, String endpoint, String model, int version, String route) {
        Tags tags() {
            return Tags.of(
                    "tenant", tenantId,
                    "endpoint", endpoint,
                    "model", model,
                    "version", Integer.toString(version),
                    "route", route);
        }
    }

    /** The meters of one route, and its recent call time. */
    record RouteMeters(Counter success, Counter clientError, Counter error, Timer duration, RecentLatency recent) {
        /** Records a call that took {@code nanos} for a request of {@code elements} input elements. */
        void record(long nanos, long elements, Outcome outcome) {
            duration.record(nanos, TimeUnit.NANOSECONDS);
            recent.record(nanos, elements);
            switch (outcome) {
                case SUCCESS -> success.increment();
                case CLIENT_ERROR -> clientError.increment();
                case ERROR -> error.increment();
            }
        }
    }

    /**
     * A route's recent calls, read without locks to decide whether a call may run on a transport thread: exponentially
     * weighted means (weight 1/16) of their time and of their requests' input elements, trusted after
     * {@value #WARM_CALLS} calls. A request's cost is estimated as the mean time scaled by its elements over the mean
     * elements, so a request far larger than usual is not taken for a fast one. Concurrent updates may overwrite each
     * other; the values stay means of recent calls.
     */
    static final class RecentLatency {
        static final int WARM_CALLS = 16;
        private volatile double meanNanos;
        private volatile double meanElements;
        private volatile int calls;

        void record(long nanos, long elements) {
            int seen = calls;
            long size = Math.max(1, elements);
            meanNanos = seen == 0 ? nanos : meanNanos + (nanos - meanNanos) / 16;
            meanElements = seen == 0 ? size : meanElements + (size - meanElements) / 16;
            if (seen < WARM_CALLS) {
                calls = seen + 1;
            }
        }

        /**
         * Whether the route has been called often enough to tell, and a request of {@code elements} input elements is
         * estimated to take less than {@code nanos}.
         */
        boolean below(long nanos, long elements) {
            return calls >= WARM_CALLS && meanNanos * Math.max(1, elements) / meanElements < nanos;
        }
    }

    /** The meters of one shadow route. */
    record ShadowMeters(Counter success, Counter error, Counter dropped, Timer duration) {}

    /** How a request ended. */
    enum Outcome {
        SUCCESS,
        CLIENT_ERROR,
        ERROR;

        static Outcome of(RuntimeException failure) {
            if (!(failure instanceof MarqueeException marquee)) {
                return ERROR;
            }
            return switch (marquee.code()) {
                case INVALID_ARGUMENT, UNAUTHENTICATED, PERMISSION_DENIED, NOT_FOUND, CONFLICT, PAYLOAD_TOO_LARGE,
                        CANCELLED ->
                        CLIENT_ERROR;
                case RESOURCE_EXHAUSTED, UNAVAILABLE, DATA_CORRUPTED, DEADLINE_EXCEEDED, INTERNAL -> ERROR;
            };
        }
    }

    InferenceMetrics(MeterRegistry registry) {
        this.registry = requireNonNull(registry, "registry is null");
    }

    RouteMeters route(String tenantId, String endpoint, ModelVersionRecord version, String routeName) {
        RouteKey key = new RouteKey(tenantId, endpoint, version.modelName(), version.version(), routeName);
        return routes.computeIfAbsent(key, this::newRouteMeters);
    }

    ShadowMeters shadow(String tenantId, String endpoint, ShadowVariant shadow) {
        RouteKey key = new RouteKey(
                tenantId, endpoint, shadow.version().modelName(), shadow.version().version(), shadow.name());
        return shadows.computeIfAbsent(key, this::newShadowMeters);
    }

    Counter assignmentsDropped() {
        return Counter.builder("marquee.experiment.assignments.dropped")
                .description("Inference assignments not recorded because the queue was full or the write failed")
                .register(registry);
    }

    private RouteMeters newRouteMeters(RouteKey key) {
        Tags tags = key.tags();
        return new RouteMeters(
                requests("marquee.inference.requests", tags, "success"),
                requests("marquee.inference.requests", tags, "client_error"),
                requests("marquee.inference.requests", tags, "error"),
                latency("marquee.inference.duration", tags, "Model time of inference requests by route"),
                new RecentLatency());
    }

    private ShadowMeters newShadowMeters(RouteKey key) {
        Tags tags = key.tags();
        return new ShadowMeters(
                requests("marquee.shadow.requests", tags, "success"),
                requests("marquee.shadow.requests", tags, "error"),
                requests("marquee.shadow.requests", tags, "dropped"),
                latency("marquee.shadow.duration", tags, "Model time of shadow copies by shadow route"));
    }

    private Counter requests(String name, Tags tags, String outcome) {
        return Counter.builder(name)
                .description("Requests by route and outcome")
                .tags(tags)
                .tag("outcome", outcome)
                .register(registry);
    }

    private Timer latency(String name, Tags tags, String description) {
        return Timer.builder(name)
                .description(description)
                .tags(tags)
                .publishPercentileHistogram()
                .minimumExpectedValue(MINIMUM_LATENCY)
                .maximumExpectedValue(MAXIMUM_LATENCY)
                .register(registry);
    }
}
