package dev.marquee.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Training jobs. Thread-safe. State changes are single transactions; a terminal state is never left. */
public interface TrainingJobRepository {
    /** Creates a QUEUED job with a new random id. */
    TrainingJobRecord create(String tenantId, String datasetId, String modelName, String algorithm, String request);

    Optional<TrainingJobRecord> find(String tenantId, String jobId);

    /** Newest first. */
    List<TrainingJobRecord> list(String tenantId);

    /** Jobs of every tenant in this state, oldest first (used at start-up). */
    List<TrainingJobRecord> listByState(JobState state);

    /** QUEUED → RUNNING; false if the job is no longer QUEUED (e.g. cancelled meanwhile). */
    boolean markRunning(String jobId, Instant at);

    /** Updates progress of a RUNNING job; ignored in any other state. */
    void updateProgress(String jobId, double progress, String message);

    /** RUNNING → SUCCEEDED with progress 1; false if the job was no longer RUNNING. */
    boolean markSucceeded(String jobId, Map<String, Double> metrics, int modelVersion, Instant at);

    /** Any non-terminal state → FAILED with the reason as message; false if already terminal. */
    boolean markFailed(String jobId, String reason, Instant at);

    /** Any non-terminal state → CANCELLED; false if already terminal. */
    boolean markCancelled(String jobId, String reason, Instant at);
}
