package dev.marquee.training;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marquee.core.Algorithm;
import dev.marquee.core.Algorithms;
import dev.marquee.core.Column;
import dev.marquee.core.CsvDatasets;
import dev.marquee.core.CsvLimits;
import dev.marquee.core.ErrorCode;
import dev.marquee.core.Json;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.Names;
import dev.marquee.core.Provenance;
import dev.marquee.core.Schema;
import dev.marquee.core.Table;
import dev.marquee.core.Task;
import dev.marquee.store.ArtifactStore;
import dev.marquee.recommend.Interactions;
import dev.marquee.store.DatasetKind;
import dev.marquee.store.DatasetRecord;
import dev.marquee.store.JobState;
import dev.marquee.store.MetadataStore;
import dev.marquee.store.ModelFormat;
import dev.marquee.store.ModelVersionRecord;
import dev.marquee.store.StoredArtifact;
import dev.marquee.store.TrainingJobRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs training jobs asynchronously on a bounded pool of worker threads and keeps their state in the metadata
 * store, so that jobs survive a restart: a job that was running when the process died is failed with a reason, a
 * queued one is queued again. Each successful job registers an immutable model version: tabular jobs
 * ({@link TrainingJobRequest}, {@link TrainingPipeline}) a Marquee artifact, recommender jobs
 * ({@link RecommenderJobRequest}, {@link RecommenderTraining}) a recommender artifact. A recommender job checks for
 * cancellation and the timeout between its phases and trials, not inside one fit. Thread-safe.
 */
public final class TrainingJobs implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TrainingJobs.class.getName());
    private static final long PROGRESS_INTERVAL_MILLIS = 250;

    private final MetadataStore store;
    private final ArtifactStore artifacts;
    private final TrainingPipeline pipeline;
    private final TrainingJobsConfig config;
    private final Clock clock;
    private final String marqueeVersion;
    private final ObjectMapper mapper = Json.newObjectMapper();
    private final Set<String> cancelRequested = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor executor;

    public TrainingJobs(
            MetadataStore store,
            ArtifactStore artifacts,
            TrainingPipeline pipeline,
            TrainingJobsConfig config,
            Clock clock,
            String marqueeVersion) {
        this.store = requireNonNull(store, "store is null");
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.config = requireNonNull(config, "config is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.marqueeVersion = requireNonNull(marqueeVersion, "marqueeVersion is null");
        AtomicInteger threadNumber = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(
                config.workers(),
                config.workers(),
                0,
                TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(config.queueCapacity()),
                runnable -> {
                    Thread thread = new Thread(runnable, "marquee-training-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Recovers jobs left by a previous process; call once before serving. */
    public void start() {
        Instant now = clock.instant();
        for (TrainingJobRecord job : store.jobs().listByState(JobState.RUNNING)) {
            store.jobs().markFailed(job.id(), "the server stopped while this job was running; submit it again", now);
        }
        for (TrainingJobRecord job : store.jobs().listByState(JobState.QUEUED)) {
            try {
                if (RecommenderAlgorithms.isRecommender(job.algorithm())) {
                    enqueue(job.id(), job.tenantId(), mapper.readValue(job.request(), RecommenderJobRequest.class));
                } else {
                    enqueue(job.id(), job.tenantId(), mapper.readValue(job.request(), TrainingJobRequest.class));
                }
            } catch (JsonProcessingException | MarqueeException e) {
                store.jobs().markFailed(job.id(), "could not resume the queued job: " + e.getMessage(), now);
            }
        }
    }

    /**
     * Validates the request against the dataset (so a mistake is a 4xx now, not a failed job later), records a
     * QUEUED job and schedules it. A full queue is RESOURCE_EXHAUSTED.
     */
    public TrainingJobRecord submit(String tenantId, TrainingJobRequest request) {
        Names.requireValid("model_name", request.modelName());
        DatasetRecord dataset = store.datasets()
                .find(tenantId, request.datasetId())
                .orElseThrow(() -> MarqueeException.notFound("dataset '%s' not found", request.datasetId()));
        if (dataset.kind() == DatasetKind.INTERACTIONS) {
            throw MarqueeException.invalid(
                    "dataset '%s' holds interactions, not a table; train a recommender on it (algorithms %s)",
                    dataset.id(), RecommenderAlgorithms.names());
        }
        if (!TrainingPipeline.algorithms().contains(request.algorithm())) {
            throw MarqueeException.invalid(
                    "unknown algorithm '%s'; available: %s", request.algorithm(), TrainingPipeline.algorithms());
        }
        Schema schema = dataset.profile().schema();
        Column target = schema.column(request.target()).orElseThrow(() -> MarqueeException.invalid(
                "unknown target column '%s'; dataset columns are %s",
                request.target(),
                schema.columns().stream().map(column -> column.name()).toList()));
        if (!(request.testFraction() > 0 && request.testFraction() <= 0.9)) {
            throw MarqueeException.invalid("'test_fraction' must be in (0, 0.9], got %s", request.testFraction());
        }
        checkBeforeQueueing(request, schema, target);
        TrainingJobRecord job =
                created(tenantId, request, request.datasetId(), request.modelName(), request.algorithm());
        enqueue(job.id(), tenantId, request);
        return job;
    }

    /**
     * Rejects, before the job is queued, what can be known wrong without reading the data: parameters, the task,
     * the split and time column, the fold count and the tuning space.
     */
    private static void checkBeforeQueueing(TrainingJobRequest request, Schema schema, Column target) {
        TrainingSpec spec = request.spec();
        Algorithm algorithm = Algorithms.installed().require(request.algorithm());
        algorithm.resolveParameters(request.parameters());
        Task task = TrainingPipeline.task(algorithm, target, spec);
        TrainingPipeline.timeColumn(schema, spec, target);
        request.folds().ifPresent(folds -> {
            if (folds < 2) {
                throw MarqueeException.invalid("'folds' must be at least 2, was %d", folds);
            }
        });
        request.tuning().ifPresent(tuning ->
                new HyperparameterSearch(algorithm, request.parameters(), tuning, task, request.seed()));
    }

    /**
     * Validates a recommender request against its datasets (an {@code interactions} dataset, and a {@code catalogue}
     * one when named), records a QUEUED job and schedules it. A full queue is RESOURCE_EXHAUSTED.
     */
    public TrainingJobRecord submit(String tenantId, RecommenderJobRequest request) {
        Names.requireValid("model_name", request.modelName());
        if (!RecommenderAlgorithms.isRecommender(request.algorithm())) {
            throw MarqueeException.invalid("unknown recommender '%s'; available: %s", request.algorithm(),
                    RecommenderAlgorithms.names());
        }
        DatasetRecord dataset = requireDataset(tenantId, request.datasetId(), DatasetKind.INTERACTIONS, "dataset_id");
        request.catalogueDatasetId()
                .ifPresent(catalogue -> requireDataset(tenantId, catalogue, DatasetKind.CATALOGUE,
                        "catalogue_dataset_id"));
        RecommenderTraining.check(request);
        dataset.interactions().filter(summary -> !summary.timestamps() && request.protocol().needsTimestamps())
                .ifPresent(summary -> {
                    throw MarqueeException.invalid(
                            "'protocol' %s orders by time, but dataset '%s' has no timestamps; use per_user_random",
                            request.protocol().wireName(), dataset.id());
                });
        dataset.interactions().filter(summary -> !summary.ratings()
                        && RecommenderAlgorithms.isRatingPrediction(request.algorithm()))
                .ifPresent(summary -> {
                    throw MarqueeException.invalid(
                            "'dataset_id': %s predicts explicit ratings, but dataset '%s' has no rating column; upload"
                                    + " interactions with ratings or train a ranking recommender", request.algorithm(),
                            dataset.id());
                });
        TrainingJobRecord job =
                created(tenantId, request, request.datasetId(), request.modelName(), request.algorithm());
        enqueue(job.id(), tenantId, request);
        return job;
    }

    /**
     * The request of the job that trained a recommender version, for a retrain; INVALID_ARGUMENT when the version
     * was not trained by a recommender job.
     */
    public RecommenderJobRequest recommenderRequest(String tenantId, ModelVersionRecord version) {
        TrainingJobRecord job = version.jobId()
                .flatMap(jobId -> store.jobs().find(tenantId, jobId))
                .filter(found -> RecommenderAlgorithms.isRecommender(found.algorithm()))
                .orElseThrow(() -> MarqueeException.invalid(
                        "model '%s' version %d was not trained by a recommender job, so it cannot be retrained",
                        version.modelName(), version.version()));
        try {
            return mapper.readValue(job.request(), RecommenderJobRequest.class);
        } catch (JsonProcessingException e) {
            throw new MarqueeException(ErrorCode.INTERNAL, "the stored job request cannot be read", e);
        }
    }

    private DatasetRecord requireDataset(String tenantId, String datasetId, DatasetKind kind, String field) {
        DatasetRecord dataset = store.datasets()
                .find(tenantId, datasetId)
                .orElseThrow(() -> MarqueeException.notFound("dataset '%s' not found ('%s')", datasetId, field));
        if (dataset.kind() != kind) {
            throw MarqueeException.invalid("'%s': dataset '%s' holds %s, expected %s", field, datasetId,
                    dataset.kind().wireName(), kind.wireName());
        }
        return dataset;
    }

    /** Stores a new job with its request as JSON (what a restart recovers it from); the caller queues it. */
    private TrainingJobRecord created(String tenantId, Object request, String datasetId, String modelName,
            String algorithm) {
        String json;
        try {
            json = mapper.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new MarqueeException(ErrorCode.INTERNAL, "could not serialise the job request", e);
        }
        return store.jobs().create(tenantId, datasetId, modelName, algorithm, json);
    }

    private void enqueue(String jobId, String tenantId, RecommenderJobRequest request) {
        schedule(jobId, () -> run(jobId, tenantId, request.modelName(), ModelFormat.RECOMMENDER,
                deadline -> trainRecommender(jobId, tenantId, request, deadline)));
    }

    private void enqueue(String jobId, String tenantId, TrainingJobRequest request) {
        schedule(jobId, () -> run(jobId, tenantId, request.modelName(), ModelFormat.MARQUEE,
                deadline -> train(jobId, tenantId, request, deadline)));
    }

    private void schedule(String jobId, Runnable work) {
        try {
            executor.execute(work);
        } catch (RejectedExecutionException e) {
            store.jobs().markFailed(jobId, "the training queue is full", clock.instant());
            throw new MarqueeException(
                    ErrorCode.RESOURCE_EXHAUSTED,
                    "the training queue is full (%d jobs waiting); retry later".formatted(config.queueCapacity()));
        }
    }

    /** Cancels a queued or running job; CONFLICT when it already finished. */
    public TrainingJobRecord cancel(String tenantId, String jobId) {
        TrainingJobRecord job = store.jobs()
                .find(tenantId, jobId)
                .orElseThrow(() -> MarqueeException.notFound("training job '%s' not found", jobId));
        if (job.state().isTerminal()) {
            throw MarqueeException.conflict("training job '%s' already finished as %s", jobId, job.state());
        }
        cancelRequested.add(jobId);
        store.jobs().markCancelled(jobId, "cancelled on request", clock.instant());
        return store.jobs().find(tenantId, jobId).orElseThrow();
    }

    /** One training, given the deadline. */
    private interface Work {
        TrainedModel train(Instant deadline);
    }

    private void run(String jobId, String tenantId, String modelName, ModelFormat format, Work work) {
        Instant started = clock.instant();
        if (!store.jobs().markRunning(jobId, started)) {
            cancelRequested.remove(jobId);
            return;
        }
        Instant deadline = started.plus(config.timeout());
        try {
            TrainedModel trained = work.train(deadline);
            if (cancelRequested.contains(jobId)) {
                return;
            }
            StoredArtifact stored = artifacts.put(trained.artifact());
            ModelVersionRecord version = store.models()
                    .createVersion(
                            tenantId,
                            modelName,
                            stored.sha256(),
                            stored.sizeBytes(),
                            trained.manifest(),
                            Optional.of(jobId),
                            format);
            store.jobs().markSucceeded(jobId, trained.manifest().metrics(), version.version(), clock.instant());
        } catch (CancellationException e) {
            if (!cancelRequested.contains(jobId)) {
                store.jobs().markFailed(jobId, "timed out after " + config.timeout(), clock.instant());
            }
        } catch (MarqueeException e) {
            store.jobs().markFailed(jobId, e.getMessage(), clock.instant());
        } catch (OutOfMemoryError e) {
            store.jobs().markFailed(
                    jobId, "out of memory: the dataset or model does not fit the server's heap", clock.instant());
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            // A job must always end: an unexpected failure, even a broken installation (LinkageError) or a
            // pathological model (StackOverflowError), fails the job rather than leaving it running forever.
            LOG.log(Level.SEVERE, "training job " + jobId + " failed", e);
            store.jobs().markFailed(jobId, "internal error: " + e.getClass().getSimpleName(), clock.instant());
        } finally {
            cancelRequested.remove(jobId);
        }
    }

    private TrainedModel train(String jobId, String tenantId, TrainingJobRequest request, Instant deadline) {
        DatasetRecord dataset = store.datasets()
                .find(tenantId, request.datasetId())
                .orElseThrow(() -> MarqueeException.notFound("dataset '%s' not found", request.datasetId()));
        CsvLimits limits = new CsvLimits(
                CsvLimits.DEFAULT.maxColumns(), CsvLimits.DEFAULT.maxCellBytes(), config.maxDatasetRows());
        Table table = CsvDatasets.read(artifacts.verifiedPath(dataset.sha256()), limits);
        Provenance provenance = new Provenance(
                dataset.id(), dataset.sha256(), request.seed(), marqueeVersion, jobId, clock.instant());
        ThrottledProgress progress = new ThrottledProgress(jobId);
        return pipeline.train(
                table,
                dataset.profile().schema(),
                request.spec(),
                provenance,
                progress::report,
                () -> cancelRequested.contains(jobId)
                        || Thread.currentThread().isInterrupted()
                        || clock.instant().isAfter(deadline));
    }

    private TrainedModel trainRecommender(String jobId, String tenantId, RecommenderJobRequest request,
            Instant deadline) {
        DatasetRecord dataset = store.datasets()
                .find(tenantId, request.datasetId())
                .orElseThrow(() -> MarqueeException.notFound("dataset '%s' not found", request.datasetId()));
        ThrottledProgress progress = new ThrottledProgress(jobId);
        progress.report(0, "reading %s v%d".formatted(dataset.name(), dataset.version()));
        Interactions interactions = InteractionDatasets.readCanonical(artifacts.read(dataset.sha256()));
        Optional<byte[]> catalogue = request.catalogueDatasetId().map(catalogueId -> artifacts.read(store.datasets()
                .find(tenantId, catalogueId)
                .orElseThrow(() -> MarqueeException.notFound("catalogue dataset '%s' not found", catalogueId))
                .sha256()));
        Provenance provenance = new Provenance(
                dataset.id(), dataset.sha256(), request.seed(), marqueeVersion, jobId, clock.instant());
        return RecommenderTraining.train(
                interactions,
                request,
                catalogue,
                provenance,
                progress::report,
                () -> cancelRequested.contains(jobId)
                        || Thread.currentThread().isInterrupted()
                        || clock.instant().isAfter(deadline));
    }

    /** Writes progress to the store at most every {@value #PROGRESS_INTERVAL_MILLIS} ms. */
    private final class ThrottledProgress {
        private final String jobId;
        private long lastWrite;

        ThrottledProgress(String jobId) {
            this.jobId = jobId;
        }

        void report(double fraction, String message) {
            long now = clock.millis();
            if (now - lastWrite >= PROGRESS_INTERVAL_MILLIS || fraction >= 1) {
                lastWrite = now;
                store.jobs().updateProgress(jobId, Math.min(1, Math.max(0, fraction)), message);
            }
        }
    }

    /** Stops accepting jobs, interrupts running ones and waits briefly for them to finish. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warning("training workers did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Exposed for tests and metrics: jobs waiting for a worker. */
    public int queued() {
        return executor.getQueue().size();
    }
}
