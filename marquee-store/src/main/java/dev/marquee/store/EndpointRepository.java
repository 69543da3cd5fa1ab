package dev.marquee.store;

import java.util.List;
import java.util.Optional;

/** Endpoints. Thread-safe; scoped to one tenant. */
public interface EndpointRepository {
    /**
     * Creates the endpoint, or atomically replaces an existing one's routes, shadows and batching settings
     * (createdAt kept). NOT_FOUND when a route or shadow names a model version that does not exist.
     */
    EndpointRecord upsert(String tenantId, String name, EndpointTraffic traffic);

    /** Creates the endpoint, or atomically points an existing one at one model version carrying all traffic. */
    default EndpointRecord upsert(String tenantId, String name, String modelName, String reference, int version) {
        return upsert(tenantId, name, EndpointTraffic.single(modelName, reference, version));
    }

    Optional<EndpointRecord> find(String tenantId, String name);

    /** Sorted by name. */
    List<EndpointRecord> list(String tenantId);

    /** Deletes the endpoint with its routes and its experiment log (assignments and feedback). */
    boolean delete(String tenantId, String name);
}
