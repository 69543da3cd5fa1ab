package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.DatasetProfile;
import java.time.Instant;

/**
 * An immutable, versioned dataset: uploading under an existing name creates the next version. The content lives in
 * the artifact store under {@code sha256}.
 */
public record DatasetRecord(
        String id,
        String tenantId,
        String name,
        int version,
        String sha256,
        long sizeBytes,
        DatasetProfile profile,
        Instant createdAt) {
    public DatasetRecord {
        requireNonNull(id, "id is null");
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(name, "name is null");
        requireNonNull(sha256, "sha256 is null");
        requireNonNull(profile, "profile is null");
        requireNonNull(createdAt, "createdAt is null");
    }
}
