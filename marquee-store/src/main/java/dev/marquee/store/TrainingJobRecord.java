package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A persisted training job.
 *
 * @param request the job request as submitted (JSON text: dataset, target, algorithm, parameters, seed...)
 * @param progress 0..1
 * @param message latest progress message, or the failure reason once FAILED
 * @param metrics test metrics once SUCCEEDED, else empty
 * @param modelVersion the registered version once SUCCEEDED
 */
public record TrainingJobRecord(
        String id,
        String tenantId,
        String datasetId,
        String modelName,
        String algorithm,
        String request,
        JobState state,
        double progress,
        String message,
        Map<String, Double> metrics,
        Optional<Integer> modelVersion,
        Instant createdAt,
        Optional<Instant> startedAt,
        Optional<Instant> finishedAt) {
    public TrainingJobRecord {
        requireNonNull(id, "id is null");
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(datasetId, "datasetId is null");
        requireNonNull(modelName, "modelName is null");
        requireNonNull(algorithm, "algorithm is null");
        requireNonNull(request, "request is null");
        requireNonNull(state, "state is null");
        requireNonNull(message, "message is null");
        metrics = Map.copyOf(requireNonNull(metrics, "metrics is null"));
        requireNonNull(modelVersion, "modelVersion is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(finishedAt, "finishedAt is null");
    }
}
