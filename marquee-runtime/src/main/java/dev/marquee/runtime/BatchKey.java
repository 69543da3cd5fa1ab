package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

/**
 * What the {@link InferenceScheduler} queues and batches by: one tenant's endpoint serving one model version. Only
 * requests with the same key are ever merged into one model call.
 */
public record BatchKey(String tenantId, String endpointName, String version) {
    public BatchKey {
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(endpointName, "endpointName is null");
        requireNonNull(version, "version is null");
    }
}
