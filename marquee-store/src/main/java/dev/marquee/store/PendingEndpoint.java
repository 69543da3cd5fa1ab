package dev.marquee.store;

import static java.util.Objects.requireNonNull;

/**
 * An endpoint with posted interactions that no retrain has appended yet.
 *
 * @param tenantId the endpoint's tenant
 * @param endpointName the endpoint
 */
public record PendingEndpoint(String tenantId, String endpointName) {
    public PendingEndpoint {
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(endpointName, "endpointName is null");
    }
}
