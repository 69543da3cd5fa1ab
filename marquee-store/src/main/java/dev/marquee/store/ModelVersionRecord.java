package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.ModelManifest;
import java.time.Instant;
import java.util.Optional;

/**
 * An immutable registered model version; its artifact lives in the artifact store under {@code artifactSha256}.
 *
 * @param manifest for a trained model, the artifact's own manifest; for an uploaded one, a minimal manifest derived
 *     from the file (algorithm {@code onnx} or {@code xgboost}, inputs from its tensors, no metrics)
 * @param format what kind of file the artifact is
 * @param upload for an uploaded model ({@linkplain ModelFormat#uploaded() uploaded formats}), what was derived
 *     from the file and who uploaded it; empty for a trained one
 */
public record ModelVersionRecord(
        String tenantId,
        String modelName,
        int version,
        String artifactSha256,
        long artifactSizeBytes,
        ModelManifest manifest,
        Optional<String> jobId,
        Instant createdAt,
        ModelFormat format,
        Optional<UploadedModel> upload) {
    public ModelVersionRecord {
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(modelName, "modelName is null");
        requireNonNull(artifactSha256, "artifactSha256 is null");
        requireNonNull(manifest, "manifest is null");
        requireNonNull(jobId, "jobId is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(format, "format is null");
        requireNonNull(upload, "upload is null");
        if (format.uploaded() != upload.isPresent()) {
            throw new IllegalArgumentException("an uploaded model, and only one, has upload details; format " + format);
        }
    }

    /** A version of a Marquee-trained model. */
    public ModelVersionRecord(
            String tenantId,
            String modelName,
            int version,
            String artifactSha256,
            long artifactSizeBytes,
            ModelManifest manifest,
            Optional<String> jobId,
            Instant createdAt) {
        this(tenantId, modelName, version, artifactSha256, artifactSizeBytes, manifest, jobId, createdAt,
                ModelFormat.MARQUEE, Optional.empty());
    }
}
