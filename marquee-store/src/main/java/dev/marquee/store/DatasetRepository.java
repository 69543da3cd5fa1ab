package dev.marquee.store;

import dev.marquee.core.DatasetProfile;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Dataset versions. Thread-safe; every method is scoped to one tenant. */
public interface DatasetRepository {
    /** Registers a new dataset version: version 1 for a new name, else the latest version + 1, in one transaction. */
    default DatasetRecord create(String tenantId, String name, String sha256, long sizeBytes, DatasetProfile profile) {
        return create(tenantId, name, sha256, sizeBytes, profile, DatasetKind.TABLE, Optional.empty());
    }

    /**
     * Registers a new dataset version of a kind; {@code interactions} is present exactly for
     * {@link DatasetKind#INTERACTIONS}. The version counts on from every earlier version of the name, of any kind.
     */
    DatasetRecord create(String tenantId, String name, String sha256, long sizeBytes, DatasetProfile profile,
            DatasetKind kind, Optional<InteractionSummary> interactions);

    /**
     * Registers the version after {@code base} with {@code base}'s name and kind, in one transaction, only while
     * {@code base} is still the newest version: when another version was created since, nothing is registered and
     * the call fails with CONFLICT, so that concurrent appends never lose each other's rows.
     */
    DatasetRecord createNext(DatasetRecord base, String sha256, long sizeBytes, DatasetProfile profile,
            Optional<InteractionSummary> interactions);

    /** The newest version of the named dataset; empty when the name has none. */
    default Optional<DatasetRecord> latest(String tenantId, String name) {
        return list(tenantId).stream()
                .filter(dataset -> dataset.name().equals(name))
                .max(Comparator.comparingInt(DatasetRecord::version));
    }

    Optional<DatasetRecord> find(String tenantId, String datasetId);

    /** All versions of all datasets, newest first. */
    List<DatasetRecord> list(String tenantId);
}
