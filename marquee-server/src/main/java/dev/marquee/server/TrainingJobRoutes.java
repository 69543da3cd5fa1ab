package dev.marquee.server;

import static dev.marquee.server.ApiRoute.get;
import static dev.marquee.server.ApiRoute.post;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marquee.core.Algorithm;
import dev.marquee.core.Algorithms;
import dev.marquee.core.Json;
import dev.marquee.core.MarqueeException;
import dev.marquee.store.DatasetRecord;
import dev.marquee.store.MetadataStore;
import dev.marquee.store.ModelVersionRecord;
import dev.marquee.store.Scope;
import dev.marquee.store.TrainingJobRecord;
import dev.marquee.training.RecommenderAlgorithms;
import dev.marquee.training.RecommenderJobRequest;
import dev.marquee.training.TrainingJobRequest;
import dev.marquee.training.TrainingJobs;
import io.helidon.http.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** {@code /v1/training-jobs}: submit, follow and cancel asynchronous training. */
final class TrainingJobRoutes {
    private final MetadataStore store;
    private final TrainingJobs jobs;
    private final ObjectMapper mapper;

    TrainingJobRoutes(MetadataStore store, TrainingJobs jobs, ObjectMapper mapper) {
        this.store = requireNonNull(store, "store is null");
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    List<ApiRoute> routes() {
        Access train = Access.scopes(Scope.TRAIN);
        return List.of(
                post("/v1/training-jobs", train, "Submit a training job", this::submit),
                get("/v1/training-jobs", train, "List training jobs, newest first", this::list),
                get("/v1/training-jobs/{jobId}", train, "Show a job: state, progress, metrics", this::show),
                post("/v1/training-jobs/{jobId}/cancel", train, "Cancel a queued or running job", this::cancel),
                get("/v1/algorithms", train, "List the algorithms training jobs accept, with their tasks and default parameters", this::algorithms),
                post("/v1/models/{modelName}/retrain", train,
                        "Retrain a recommender with its job's spec on the latest version of its interaction dataset",
                        this::retrain));
    }

    private void submit(Call call) {
        JsonNode body = call.jsonBody();
        if (JsonFields.optionalText(body, "algorithm").filter(RecommenderAlgorithms::isRecommender).isPresent()) {
            RecommenderJobRequest request = TrainingRequests.readRecommender(body);
            TrainingJobRecord job = jobs.submit(call.tenantId(), request);
            call.audit("training-job.create", job.id(), request.algorithm() + " on " + request.datasetId());
            call.json(Status.CREATED_201, Views.job(job, mapper, Instant.now()));
            return;
        }
        TrainingJobRequest request = TrainingRequests.read(body);
        TrainingJobRecord job = jobs.submit(call.tenantId(), request);
        call.audit("training-job.create", job.id(), request.algorithm() + " on " + request.datasetId());
        call.json(Status.CREATED_201, Views.job(job, mapper, Instant.now()));
    }

    /**
     * Submits the job that trained the model's latest version (or {@code version} in the body) again, on the latest
     * version of the same interaction dataset; the result registers as the model's next version.
     */
    private void retrain(Call call) {
        String name = call.path("modelName");
        byte[] raw = call.body();
        JsonNode body = raw.length == 0 ? mapper.createObjectNode() : Json.readRequestBody(mapper, raw);
        if (!body.isObject()) {
            throw MarqueeException.invalid("request body must be a JSON object");
        }
        List<ModelVersionRecord> versions = store.models().listVersions(call.tenantId(), name);
        if (versions.isEmpty()) {
            throw MarqueeException.notFound("model '%s' not found", name);
        }
        ModelVersionRecord version = JsonFields.optionalLong(body, "version")
                .map(number -> versions.stream()
                        .filter(candidate -> candidate.version() == number)
                        .findFirst()
                        .orElseThrow(() -> MarqueeException.notFound("model '%s' has no version %d", name, number)))
                .orElse(versions.getFirst());
        RecommenderJobRequest previous = jobs.recommenderRequest(call.tenantId(), version);
        DatasetRecord trainedOn = store.datasets()
                .find(call.tenantId(), previous.datasetId())
                .orElseThrow(() -> MarqueeException.notFound(
                        "dataset '%s' that version %d was trained on no longer exists", previous.datasetId(),
                        version.version()));
        DatasetRecord latest = store.datasets().latest(call.tenantId(), trainedOn.name()).orElseThrow();
        RecommenderJobRequest request = previous.withDataset(latest.id()).withModelName(name);
        TrainingJobRecord job = jobs.submit(call.tenantId(), request);
        call.audit("training-job.create", job.id(), "retrain %s v%d on %s v%d".formatted(
                name, version.version(), latest.name(), latest.version()));
        call.json(Status.CREATED_201, Views.job(job, mapper, Instant.now()));
    }

    private void list(Call call) {
        call.ok(Map.of("training_jobs",
                store.jobs().list(call.tenantId()).stream().map(job -> Views.job(job, mapper, Instant.now())).toList()));
    }

    private void show(Call call) {
        call.ok(Views.job(find(call), mapper, Instant.now()));
    }

    private void cancel(Call call) {
        TrainingJobRecord job = jobs.cancel(call.tenantId(), call.path("jobId"));
        call.audit("training-job.cancel", job.id(), "");
        call.ok(Views.job(job, mapper, Instant.now()));
    }

    private void algorithms(Call call) {
        Algorithms installed = Algorithms.installed();
        List<Map<String, Object>> algorithms = new ArrayList<>();
        installed.names().stream().sorted().forEach(name -> {
            Algorithm algorithm = installed.require(name);
            algorithms.add(Map.of(
                    "name", name,
                    "kind", "tabular",
                    "tasks", algorithm.tasks().stream().map(task -> task.name().toLowerCase(Locale.ROOT)).sorted()
                            .toList(),
                    "parameters", new TreeMap<>(algorithm.resolveParameters(Map.of()))));
        });
        for (String name : RecommenderAlgorithms.names()) {
            algorithms.add(Map.of(
                    "name", name,
                    "kind", "recommender",
                    "tasks", List.of(RecommenderAlgorithms.isRatingPrediction(name)
                            ? "rating_prediction" : "recommendation"),
                    "description", RecommenderAlgorithms.description(name),
                    "parameters", new TreeMap<>(RecommenderAlgorithms.resolveParameters(name, Map.of()))));
        }
        call.ok(Map.of("algorithms", algorithms));
    }

    private TrainingJobRecord find(Call call) {
        String jobId = call.path("jobId");
        return store.jobs()
                .find(call.tenantId(), jobId)
                .orElseThrow(() -> MarqueeException.notFound("training job '%s' not found", jobId));
    }
}
