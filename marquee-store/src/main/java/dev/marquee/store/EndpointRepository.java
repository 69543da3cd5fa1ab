package dev.marquee.store;

import java.util.List;
import java.util.Optional;

/** Endpoints. Thread-safe; scoped to one tenant. */
public interface EndpointRepository {
    /** Creates the endpoint, or atomically points an existing one at a new model version (createdAt kept). */
    EndpointRecord upsert(String tenantId, String name, String modelName, String reference, int version);

    Optional<EndpointRecord> find(String tenantId, String name);

    /** Sorted by name. */
    List<EndpointRecord> list(String tenantId);

    boolean delete(String tenantId, String name);
}
