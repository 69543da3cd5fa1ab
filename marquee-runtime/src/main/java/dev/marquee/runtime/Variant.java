package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import dev.marquee.store.ModelVersionRecord;

/**
 * One weighted route of a live endpoint with its loaded model.
 *
 * @param name the route name, reported in responses ({@code parameters.route}), metrics and experiments
 * @param weight non-negative; the route's share of traffic is its weight over the sum of the endpoint's weights
 * @param batchKey the scheduler queue its requests go to
 * @param meters the route's request counters and latency timer, registered once when the endpoint is built
 */
public record Variant(String name, ModelVersionRecord version, ServedModel model, double weight, BatchKey batchKey,
        InferenceMetrics.RouteMeters meters) {
    public Variant {
        requireNonNull(meters, "meters is null");
        requireNonNull(batchKey, "batchKey is null");
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
        requireNonNull(model, "model is null");
    }
}
