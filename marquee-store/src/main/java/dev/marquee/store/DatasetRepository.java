package dev.marquee.store;

import dev.marquee.core.DatasetProfile;
import java.util.List;
import java.util.Optional;

/** Dataset versions. Thread-safe; every method is scoped to one tenant. */
public interface DatasetRepository {
    /** Registers a new dataset version: version 1 for a new name, else the latest version + 1, in one transaction. */
    DatasetRecord create(String tenantId, String name, String sha256, long sizeBytes, DatasetProfile profile);

    Optional<DatasetRecord> find(String tenantId, String datasetId);

    /** All versions of all datasets, newest first. */
    List<DatasetRecord> list(String tenantId);
}
