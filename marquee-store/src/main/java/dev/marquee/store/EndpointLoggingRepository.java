package dev.marquee.store;

import java.util.Optional;

/**
 * Request-log settings per endpoint. Thread-safe; scoped to one tenant. Settings are kept when their endpoint is
 * deleted, so that an endpoint deployed again under the same name keeps its personal-field markings.
 */
public interface EndpointLoggingRepository {
    /** Replaces the endpoint's settings; NOT_FOUND when the tenant has no such endpoint. */
    EndpointLoggingRecord put(String tenantId, String endpoint, EndpointLogging logging);

    /** The endpoint's settings; empty when none were ever set. */
    Optional<EndpointLoggingRecord> find(String tenantId, String endpoint);
}
