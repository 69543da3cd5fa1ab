package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * Which variant of an endpoint answered the inference with request id {@code requestId}: what feedback sent later
 * is attributed to.
 */
public record InferenceAssignment(
        String tenantId,
        String endpointName,
        String requestId,
        String routeName,
        String modelName,
        int version,
        Instant servedAt) {
    public InferenceAssignment {
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(endpointName, "endpointName is null");
        requireNonNull(requestId, "requestId is null");
        requireNonNull(routeName, "routeName is null");
        requireNonNull(modelName, "modelName is null");
        requireNonNull(servedAt, "servedAt is null");
    }
}
