package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A named deployment serving one model version. {@code reference} is what the caller asked for (a version number
 * or an alias) and {@code version} what it resolved to at deploy time.
 */
public record EndpointRecord(
        String tenantId,
        String name,
        String modelName,
        String reference,
        int version,
        Instant createdAt,
        Instant updatedAt) {
    public EndpointRecord {
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(name, "name is null");
        requireNonNull(modelName, "modelName is null");
        requireNonNull(reference, "reference is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }
}
