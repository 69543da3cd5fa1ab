package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A named deployment. {@code modelName}, {@code reference} and {@code version} describe its first route (the control
 * of an experiment, and the only route of a plain deployment): {@code reference} is what the caller asked for (a
 * version number or an alias) and {@code version} what it resolved to at deploy time. {@code routes},
 * {@code shadows} and {@code batching} are the whole traffic configuration.
 */
public record EndpointRecord(
        String tenantId,
        String name,
        String modelName,
        String reference,
        int version,
        List<EndpointRoute> routes,
        List<EndpointShadow> shadows,
        Optional<EndpointBatching> batching,
        Instant createdAt,
        Instant updatedAt) {
    public EndpointRecord {
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(name, "name is null");
        requireNonNull(modelName, "modelName is null");
        requireNonNull(reference, "reference is null");
        routes = List.copyOf(requireNonNull(routes, "routes is null"));
        shadows = List.copyOf(requireNonNull(shadows, "shadows is null"));
        requireNonNull(batching, "batching is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    /** The routes, shadows and batching settings as one value. */
    public EndpointTraffic traffic() {
        return new EndpointTraffic(routes, shadows, batching);
    }
}
