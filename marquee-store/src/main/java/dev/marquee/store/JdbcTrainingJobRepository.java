package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.marquee.core.MarqueeException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link TrainingJobRepository} over the {@code training_jobs} table. Every transition is one guarded
 * {@code UPDATE ... WHERE state IN (...)}, so concurrent transitions of one job (a worker finishing while a user
 * cancels) resolve to exactly one winner and a terminal state is never left.
 */
final class JdbcTrainingJobRepository implements TrainingJobRepository {
    private static final String COLUMNS = "id, tenant_id, dataset_id, model_name, algorithm, request, state, progress,"
            + " message, metrics, model_version, created_at, started_at, finished_at";

    private static final TypeReference<Map<String, Double>> METRICS = new TypeReference<>() {};

    private final Database database;
    private final RandomIds ids;
    private final JsonColumns json;
    private final Clock clock;

    JdbcTrainingJobRepository(Database database, RandomIds ids, JsonColumns json, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.ids = requireNonNull(ids, "ids is null");
        this.json = requireNonNull(json, "json is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** {@inheritDoc} NOT_FOUND when the dataset does not exist in that tenant. */
    @Override
    public TrainingJobRecord create(
            String tenantId, String datasetId, String modelName, String algorithm, String request) {
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(datasetId, "datasetId is null");
        Sql.requireNotBlank(requireNonNull(modelName, "modelName is null"), "model name");
        Sql.requireNotBlank(requireNonNull(algorithm, "algorithm is null"), "algorithm");
        requireNonNull(request, "request is null");
        TrainingJobRecord job = new TrainingJobRecord(
                ids.next("job_"),
                tenantId,
                datasetId,
                modelName,
                algorithm,
                request,
                JobState.QUEUED,
                0,
                "",
                Map.of(),
                Optional.empty(),
                clock.instant().truncatedTo(ChronoUnit.MILLIS),
                Optional.empty(),
                Optional.empty());
        return database.write("create training job", connection -> {
            if (!Sql.exists(connection, "SELECT 1 FROM datasets WHERE tenant_id = ? AND id = ?", tenantId, datasetId)) {
                throw MarqueeException.notFound("dataset '%s' not found", datasetId);
            }
            Sql.update(
                    connection,
                    "INSERT INTO training_jobs (id, tenant_id, dataset_id, model_name, algorithm, request, state,"
                            + " progress, message, metrics, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    job.id(),
                    job.tenantId(),
                    job.datasetId(),
                    job.modelName(),
                    job.algorithm(),
                    job.request(),
                    job.state().name(),
                    job.progress(),
                    job.message(),
                    json.write(job.metrics(), "job metrics"),
                    job.createdAt());
            return job;
        });
    }

    @Override
    public Optional<TrainingJobRecord> find(String tenantId, String jobId) {
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(jobId, "jobId is null");
        return database.read(
                "find training job",
                connection -> Sql.first(
                        connection,
                        "SELECT " + COLUMNS + " FROM training_jobs WHERE tenant_id = ? AND id = ?",
                        this::job,
                        tenantId,
                        jobId));
    }

    @Override
    public List<TrainingJobRecord> list(String tenantId) {
        requireNonNull(tenantId, "tenantId is null");
        return database.read(
                "list training jobs",
                connection -> Sql.list(
                        connection,
                        "SELECT " + COLUMNS + " FROM training_jobs WHERE tenant_id = ? ORDER BY created_at DESC, id",
                        this::job,
                        tenantId));
    }

    @Override
    public List<TrainingJobRecord> listByState(JobState state) {
        requireNonNull(state, "state is null");
        return database.read(
                "list training jobs by state",
                connection -> Sql.list(
                        connection,
                        "SELECT " + COLUMNS + " FROM training_jobs WHERE state = ? ORDER BY created_at, id",
                        this::job,
                        state.name()));
    }

    @Override
    public boolean markRunning(String jobId, Instant at) {
        requireNonNull(jobId, "jobId is null");
        requireNonNull(at, "at is null");
        return transition(
                "start training job",
                "UPDATE training_jobs SET state = 'RUNNING', started_at = ? WHERE id = ? AND state = 'QUEUED'",
                at,
                jobId);
    }

    /** {@inheritDoc} INVALID_ARGUMENT when {@code progress} is not within 0..1. */
    @Override
    public void updateProgress(String jobId, double progress, String message) {
        requireNonNull(jobId, "jobId is null");
        requireNonNull(message, "message is null");
        requireFraction(progress);
        transition(
                "update training job progress",
                "UPDATE training_jobs SET progress = ?, message = ? WHERE id = ? AND state = 'RUNNING'",
                progress,
                message,
                jobId);
    }

    @Override
    public boolean markSucceeded(String jobId, Map<String, Double> metrics, int modelVersion, Instant at) {
        requireNonNull(jobId, "jobId is null");
        requireNonNull(metrics, "metrics is null");
        requireNonNull(at, "at is null");
        return transition(
                "complete training job",
                "UPDATE training_jobs SET state = 'SUCCEEDED', progress = 1, metrics = ?, model_version = ?,"
                        + " finished_at = ? WHERE id = ? AND state = 'RUNNING'",
                json.write(metrics, "job metrics"),
                modelVersion,
                at,
                jobId);
    }

    @Override
    public boolean markFailed(String jobId, String reason, Instant at) {
        return finishUnsuccessfully("fail training job", JobState.FAILED, jobId, reason, at);
    }

    @Override
    public boolean markCancelled(String jobId, String reason, Instant at) {
        return finishUnsuccessfully("cancel training job", JobState.CANCELLED, jobId, reason, at);
    }

    private boolean finishUnsuccessfully(String operation, JobState state, String jobId, String reason, Instant at) {
        requireNonNull(jobId, "jobId is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(at, "at is null");
        return transition(
                operation,
                "UPDATE training_jobs SET state = ?, message = ?, finished_at = ?"
                        + " WHERE id = ? AND state IN ('QUEUED', 'RUNNING')",
                state.name(),
                reason,
                at,
                jobId);
    }

    private boolean transition(String operation, String sql, Object... parameters) {
        return database.write(operation, connection -> Sql.update(connection, sql, parameters) > 0);
    }

    private static void requireFraction(double progress) {
        if (!(progress >= 0 && progress <= 1)) {
            throw MarqueeException.invalid("progress must be within 0..1: %s", progress);
        }
    }

    private TrainingJobRecord job(ResultSet row) throws SQLException {
        return new TrainingJobRecord(
                row.getString("id"),
                row.getString("tenant_id"),
                row.getString("dataset_id"),
                row.getString("model_name"),
                row.getString("algorithm"),
                row.getString("request"),
                JobState.valueOf(row.getString("state")),
                row.getDouble("progress"),
                row.getString("message"),
                json.read(row.getString("metrics"), METRICS, "job metrics"),
                Sql.optionalInt(row, "model_version"),
                Sql.instant(row, "created_at"),
                Sql.optionalInstant(row, "started_at"),
                Sql.optionalInstant(row, "finished_at"));
    }
}
