package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.DatasetProfile;
import java.time.Instant;
import java.util.Optional;

/**
 * An immutable, versioned dataset: uploading under an existing name creates the next version. The content lives in
 * the artifact store under {@code sha256}.
 *
 * @param profile for a table or catalogue, its inferred schema and statistics; for interactions, the columns of the
 *     canonical TSV with the interaction count as row count
 * @param kind what the dataset holds
 * @param interactions for an {@link DatasetKind#INTERACTIONS} dataset, what it holds; empty for other kinds
 */
public record DatasetRecord(
        String id,
        String tenantId,
        String name,
        int version,
        String sha256,
        long sizeBytes,
        DatasetProfile profile,
        Instant createdAt,
        DatasetKind kind,
        Optional<InteractionSummary> interactions) {
    public DatasetRecord {
        requireNonNull(id, "id is null");
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(name, "name is null");
        requireNonNull(sha256, "sha256 is null");
        requireNonNull(profile, "profile is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(interactions, "interactions is null");
        if ((kind == DatasetKind.INTERACTIONS) != interactions.isPresent()) {
            throw new IllegalArgumentException("an interaction dataset, and only one, has an interaction summary");
        }
    }

    /** A table dataset. */
    public DatasetRecord(
            String id,
            String tenantId,
            String name,
            int version,
            String sha256,
            long sizeBytes,
            DatasetProfile profile,
            Instant createdAt) {
        this(id, tenantId, name, version, sha256, sizeBytes, profile, createdAt, DatasetKind.TABLE, Optional.empty());
    }
}
