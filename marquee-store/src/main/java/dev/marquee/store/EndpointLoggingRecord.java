package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** The stored request-log settings of an endpoint. */
public record EndpointLoggingRecord(String tenantId, String endpoint, EndpointLogging logging, Instant updatedAt) {
    public EndpointLoggingRecord {
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(logging, "logging is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }
}
