package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.ModelManifest;
import java.time.Instant;
import java.util.Optional;

/** An immutable registered model version; its artifact lives in the artifact store under {@code artifactSha256}. */
public record ModelVersionRecord(
        String tenantId,
        String modelName,
        int version,
        String artifactSha256,
        long artifactSizeBytes,
        ModelManifest manifest,
        Optional<String> jobId,
        Instant createdAt) {
    public ModelVersionRecord {
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(modelName, "modelName is null");
        requireNonNull(artifactSha256, "artifactSha256 is null");
        requireNonNull(manifest, "manifest is null");
        requireNonNull(jobId, "jobId is null");
        requireNonNull(createdAt, "createdAt is null");
    }
}
