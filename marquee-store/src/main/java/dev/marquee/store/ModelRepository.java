package dev.marquee.store;

import dev.marquee.core.ModelManifest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The model registry: immutable versions and movable aliases. Thread-safe; scoped to one tenant. */
public interface ModelRepository {
    /** Registers the next version (1 for a new model name) in one transaction. */
    default ModelVersionRecord createVersion(
            String tenantId,
            String modelName,
            String artifactSha256,
            long artifactSizeBytes,
            ModelManifest manifest,
            Optional<String> jobId) {
        return createVersion(tenantId, modelName, artifactSha256, artifactSizeBytes, manifest, jobId,
                ModelFormat.MARQUEE);
    }

    /**
     * Registers the next version of a trained model whose artifact is of {@code format} (not an
     * {@linkplain ModelFormat#uploaded() uploaded} one), in one transaction.
     */
    ModelVersionRecord createVersion(
            String tenantId,
            String modelName,
            String artifactSha256,
            long artifactSizeBytes,
            ModelManifest manifest,
            Optional<String> jobId,
            ModelFormat format);

    /**
     * Registers the next version of {@code modelName} for a model file a user uploaded (already checked and stored
     * under {@code artifactSha256}), in one transaction.
     */
    ModelVersionRecord createUploadedVersion(
            String tenantId,
            String modelName,
            String artifactSha256,
            long artifactSizeBytes,
            ModelManifest manifest,
            ModelFormat format,
            UploadedModel upload);

    Optional<ModelVersionRecord> findVersion(String tenantId, String modelName, int version);

    /** Versions of one model, newest first; empty when the model does not exist. */
    List<ModelVersionRecord> listVersions(String tenantId, String modelName);

    /** Distinct model names of the tenant, sorted. */
    List<String> listModelNames(String tenantId);

    /** Points {@code alias} at an existing version (creating or moving it). */
    void setAlias(String tenantId, String modelName, String alias, int version);

    boolean deleteAlias(String tenantId, String modelName, String alias);

    /** Alias → version for one model. */
    Map<String, Integer> aliases(String tenantId, String modelName);

    Optional<Integer> resolveAlias(String tenantId, String modelName, String alias);
}
