package dev.marquee.server;

import static dev.marquee.server.ApiRoute.post;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marquee.core.Json;
import dev.marquee.core.MarqueeException;
import dev.marquee.recommend.Because;
import dev.marquee.recommend.Contribution;
import dev.marquee.recommend.InteractionFormat;
import dev.marquee.recommend.RecommendQuery;
import dev.marquee.recommend.RecommendationLimits;
import dev.marquee.recommend.RecommendedItem;
import dev.marquee.recommend.Recommendations;
import dev.marquee.recommend.SimilarItems;
import dev.marquee.runtime.Datatype;
import dev.marquee.runtime.Deployment;
import dev.marquee.runtime.Deployments;
import dev.marquee.runtime.InferenceRequest;
import dev.marquee.runtime.InferenceResponse;
import dev.marquee.runtime.InferenceTensor;
import dev.marquee.runtime.RecommendingModel;
import dev.marquee.runtime.RoutedCall;
import dev.marquee.runtime.ServedModel;
import dev.marquee.runtime.Variant;
import dev.marquee.store.ArtifactStore;
import dev.marquee.store.DatasetRecord;
import dev.marquee.store.InteractionEvent;
import dev.marquee.store.InteractionSummary;
import dev.marquee.store.JobState;
import dev.marquee.store.MetadataStore;
import dev.marquee.store.ModelVersionRecord;
import dev.marquee.store.PendingEndpoint;
import dev.marquee.store.PendingInteractions;
import dev.marquee.store.Scope;
import dev.marquee.store.StoredArtifact;
import dev.marquee.store.TrainingJobRecord;
import dev.marquee.training.InteractionDatasets;
import dev.marquee.training.RecommenderJobRequest;
import dev.marquee.training.TrainingJobs;
import io.helidon.http.Status;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The recommendation API of endpoints that serve recommenders: {@code /recommend} (a user's top items with filters,
 * business rules, diversity and explanations), {@code /similar} (items like an item), {@code /interactions} (events
 * after training, folded into the user's next recommendations at once) and {@code /retrain} (append the posted
 * events to the training dataset and retrain, optionally deploying the result). Requests are routed through the
 * endpoint's variants like inferences: sticky by the {@value InferenceRoutes#ROUTING_KEY_HEADER} header or else the
 * user id, timed into the route's metrics, and {@code /recommend} is captured by the request log. Scoring goes
 * through the inference scheduler in the variant's queue ({@link Deployments#route}): at most
 * {@code inference-workers} model computations at once, inferences included, at most
 * {@code inference-queue-capacity} waiting (429 beyond), for at most {@code inference-timeout} (504). With
 * {@code recommender-retrain-interval} set, endpoints with posted events are retrained on that schedule
 * ({@link #close} stops it). An endpoint whose model is not a recommender answers INVALID_ARGUMENT.
 */
final class RecommendRoutes implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RecommendRoutes.class.getName());
    private static final Set<String> INTERACTION_FIELDS = Set.of("events");
    private static final Set<String> EVENT_FIELDS = Set.of("user_id", "item_id", "rating", "timestamp");
    private static final Set<String> RETRAIN_FIELDS = Set.of("deploy");
    private static final Duration DEPLOY_POLL = Duration.ofMillis(200);

    private final MetadataStore store;
    private final ArtifactStore artifacts;
    private final Deployments deployments;
    private final TrainingJobs jobs;
    private final RequestLogging requestLogging;
    private final RecommendOptions options;
    private final PostedHistories histories;
    private final Duration trainingTimeout;
    private final ObjectMapper mapper;
    private final Clock clock;
    /** Runs scheduled retrains; empty when {@code recommender-retrain-interval} is off. */
    private final Optional<ScheduledExecutorService> scheduler;
    /** The last scheduled retrain job per tenant and endpoint, so that one runs at a time. */
    private final ConcurrentMap<String, String> scheduledJobs = new ConcurrentHashMap<>();

    RecommendRoutes(MetadataStore store, ArtifactStore artifacts, Deployments deployments, TrainingJobs jobs,
            RequestLogging requestLogging, RecommendOptions options, Duration trainingTimeout, ObjectMapper mapper,
            Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
        this.deployments = requireNonNull(deployments, "deployments is null");
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.requestLogging = requireNonNull(requestLogging, "requestLogging is null");
        this.options = requireNonNull(options, "options is null");
        this.trainingTimeout = requireNonNull(trainingTimeout, "trainingTimeout is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.histories = new PostedHistories(store.postedInteractions(), options.postedHistoryLimit(),
                options.historyCacheSize());
        this.scheduler = options.retrainInterval().map(interval -> {
            ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("recommender-retrain").daemon().factory());
            executor.scheduleWithFixedDelay(this::retrainPending, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
            return executor;
        });
    }

    List<ApiRoute> routes() {
        Access infer = Access.scopes(Scope.INFER);
        Access train = Access.scopes(Scope.TRAIN);
        return List.of(
                post("/v1/endpoints/{endpointName}/recommend", infer,
                        "Recommend items for a user or a history, with filters, business rules, diversity and"
                                + " explanations (recommender endpoints)",
                        call -> requestLogging.capture(call, this::recommend)),
                post("/v1/endpoints/{endpointName}/similar", infer,
                        "Items similar to an item (recommender endpoints)", this::similar),
                post("/v1/endpoints/{endpointName}/interactions", infer,
                        "Post interactions that happened after training; the user's next recommendations fold them"
                                + " in",
                        this::interactions),
                post("/v1/endpoints/{endpointName}/retrain", train,
                        "Append the endpoint's posted interactions to the recommender's dataset and retrain it,"
                                + " optionally deploying the new version",
                        this::retrain));
    }

    private void recommend(Call call, InferenceCapture capture) {
        String endpoint = call.path("endpointName");
        Deployment deployment = capture.deployment(deployments.get(call.tenantId(), endpoint));
        RecommendBodies.Recommend parsed = RecommendBodies.recommend(call.jsonBody(), clock);
        RecommendQuery query = withPostedHistory(call.tenantId(), deployment, parsed.query());
        capture.request(logged(parsed, query));
        Optional<String> routingKey = call.requestHeader(InferenceRoutes.ROUTING_KEY_HEADER).or(() -> query.userId());
        RoutedCall<Recommendations> routed = deployments.route(call.tenantId(), deployment, routingKey,
                parsed.requestId(), recommending(deployment, model -> {
                    RecommendBodies.check(query, model);
                    return model.engine().recommend(query);
                }));
        Recommendations answer = routed.result();
        capture.response(logged(routed, parsed.requestId(), answer));
        call.header(InferenceRoutes.ROUTE_HEADER, routed.variant().name());
        Map<String, Object> body = header(routed);
        body.put("strategy", answer.strategy().name().toLowerCase(java.util.Locale.ROOT));
        body.put("approximate", answer.approximate());
        body.put("items", answer.items().stream().map(RecommendRoutes::item).toList());
        body.put("ignored_history", answer.ignoredHistoryItemIds());
        body.put("ineligible_pins", answer.ineligiblePins());
        call.ok(body);
    }

    /** The query with the user's posted items added to its history (request items first, within the limit). */
    private RecommendQuery withPostedHistory(String tenantId, Deployment deployment, RecommendQuery query) {
        if (query.userId().isEmpty()) {
            return query;
        }
        List<String> posted = histories.of(tenantId, deployment.endpoint().name(),
                deployment.endpoint().createdAt(), query.userId().get());
        if (posted.isEmpty()) {
            return query;
        }
        List<String> history = new ArrayList<>(query.history());
        int room = Math.max(0, RecommendationLimits.defaults().maxHistory() - history.size());
        history.addAll(posted.subList(0, Math.min(room, posted.size())));
        return query.withHistory(history);
    }

    private void similar(Call call) {
        String endpoint = call.path("endpointName");
        Deployment deployment = deployments.get(call.tenantId(), endpoint);
        RecommendBodies.Similar parsed = RecommendBodies.similar(call.jsonBody(), clock);
        RoutedCall<SimilarItems> routed = deployments.route(call.tenantId(), deployment,
                call.requestHeader(InferenceRoutes.ROUTING_KEY_HEADER), Optional.empty(),
                recommending(deployment, model -> {
                    if (model.engine().model().training().itemIndex(parsed.itemId()).isEmpty()) {
                        throw MarqueeException.notFound("item '%s' is not in the model of endpoint '%s'",
                                parsed.itemId(), endpoint);
                    }
                    RecommendBodies.checkFilters(parsed.filters(), "filters", model);
                    return model.engine().similar(parsed.itemId(), parsed.k(), parsed.filters());
                }));
        call.header(InferenceRoutes.ROUTE_HEADER, routed.variant().name());
        Map<String, Object> body = header(routed);
        body.put("item_id", routed.result().itemId());
        body.put("basis", routed.result().basis().name().toLowerCase(java.util.Locale.ROOT));
        body.put("items", routed.result().items().stream().map(RecommendRoutes::item).toList());
        call.ok(body);
    }

    private void interactions(Call call) {
        String endpoint = call.path("endpointName");
        Deployment deployment = deployments.get(call.tenantId(), endpoint);
        List<RecommendingModel> models = recommenders(deployment);
        JsonNode body = call.jsonBody();
        RecommendBodies.requireObject(body, "request body");
        RecommendBodies.allowOnly(body, INTERACTION_FIELDS, "");
        List<JsonNode> nodes = RecommendBodies.objects(body, "events", "events");
        if (nodes.isEmpty()) {
            throw MarqueeException.invalid("'events' must hold at least one event");
        }
        if (nodes.size() > options.maxInteractionEvents()) {
            throw MarqueeException.invalid("'events' has %d events, more than the limit of %d (recommend-max-events)",
                    nodes.size(), options.maxInteractionEvents());
        }
        boolean ratings = datasetHoldsRatings(call.tenantId(), deployment);
        long now = clock.instant().getEpochSecond();
        List<InteractionEvent> events = new ArrayList<>(nodes.size());
        Set<String> unknown = new LinkedHashSet<>();
        String firstUnknownField = "";
        for (int index = 0; index < nodes.size(); index++) {
            JsonNode node = nodes.get(index);
            String field = "events[%d]".formatted(index);
            RecommendBodies.allowOnly(node, EVENT_FIELDS, field + ".");
            String user = RecommendBodies.text(node, "user_id", field + ".user_id")
                    .orElseThrow(() -> MarqueeException.invalid("'%s.user_id' is required", field));
            RecommendBodies.notBlank(user, field + ".user_id");
            String item = RecommendBodies.text(node, "item_id", field + ".item_id")
                    .orElseThrow(() -> MarqueeException.invalid("'%s.item_id' is required", field));
            RecommendBodies.notBlank(item, field + ".item_id");
            Optional<Double> rating = RecommendBodies.number(node, "rating", field + ".rating");
            if (rating.isPresent() && !(rating.get() >= 0 && Double.isFinite(rating.get()))) {
                throw MarqueeException.invalid("'%s.rating' must be a finite number >= 0: %s", field, rating.get());
            }
            if (ratings && rating.isEmpty()) {
                throw MarqueeException.invalid("'%s.rating' is required: the model's interaction dataset holds ratings",
                        field);
            }
            long timestamp = RecommendBodies.longInteger(node, "timestamp", field + ".timestamp").orElse(now);
            if (timestamp < 0) {
                throw MarqueeException.invalid("'%s.timestamp' must be epoch seconds >= 0: %d", field, timestamp);
            }
            if (models.stream().allMatch(model -> model.engine().model().training().itemIndex(item).isEmpty())) {
                if (unknown.isEmpty()) {
                    firstUnknownField = field + ".item_id";
                }
                unknown.add(item);
            }
            events.add(new InteractionEvent(user, item,
                    rating.map(OptionalDouble::of).orElseGet(OptionalDouble::empty), timestamp));
        }
        if (!unknown.isEmpty()) {
            throw MarqueeException.invalid("'%s': items %s are not in the model of endpoint '%s'; post events of"
                    + " known items only (new items enter with a retrain on an appended dataset)", firstUnknownField,
                    unknown.stream().limit(20).toList(), endpoint);
        }
        histories.post(call.tenantId(), endpoint, deployment.endpoint().createdAt(), events);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("endpoint", endpoint);
        answer.put("accepted", events.size());
        answer.put("users", events.stream().map(InteractionEvent::userId).distinct().count());
        answer.put("posted_total", store.postedInteractions().count(call.tenantId(), endpoint));
        call.json(Status.CREATED_201, answer);
    }

    private void retrain(Call call) {
        String endpoint = call.path("endpointName");
        deployments.get(call.tenantId(), endpoint);
        byte[] raw = call.body();
        JsonNode body = raw.length == 0 ? mapper.createObjectNode() : Json.readRequestBody(mapper, raw);
        RecommendBodies.requireObject(body, "request body");
        RecommendBodies.allowOnly(body, RETRAIN_FIELDS, "");
        JsonNode deployNode = body.get("deploy");
        if (deployNode != null && !deployNode.isNull() && !deployNode.isBoolean()) {
            throw MarqueeException.invalid("'deploy' must be true or false");
        }
        boolean deploy = deployNode != null && deployNode.asBoolean(false);
        Retrained retrained = retrain(call.tenantId(), endpoint, deploy);
        retrained.appendedTo().ifPresent(dataset -> call.audit("dataset.append", dataset.id(),
                "%d posted interactions of endpoint %s: %s -> v%d".formatted(retrained.appended(), endpoint,
                        dataset.name(), dataset.version())));
        call.audit("training-job.create", retrained.job().id(), "retrain %s v%d for endpoint %s on %s".formatted(
                retrained.version().modelName(), retrained.version().version(), endpoint,
                retrained.job().datasetId()));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("endpoint", endpoint);
        answer.put("appended_events", retrained.appended());
        answer.put("dataset_id", retrained.job().datasetId());
        answer.put("deploy", deploy);
        answer.put("job", Views.job(retrained.job(), mapper, Instant.now()));
        call.json(Status.CREATED_201, answer);
    }

    /**
     * What a retrain did.
     *
     * @param version the model version the endpoint served (whose job spec was reused)
     * @param appended how many posted events were appended
     * @param appendedTo the dataset version they went into, when there were any
     * @param job the submitted training job
     */
    private record Retrained(ModelVersionRecord version, int appended, Optional<DatasetRecord> appendedTo,
            TrainingJobRecord job) {}

    /**
     * Appends the endpoint's pending posted events to the newest version of its model's interaction dataset, submits
     * the model's job spec on the result and, with {@code deploy}, points the endpoint at the new version once the job
     * succeeds.
     */
    private Retrained retrain(String tenantId, String endpoint, boolean deploy) {
        Deployment deployment = deployments.get(tenantId, endpoint);
        recommenders(deployment);
        if (deploy && (deployment.variants().size() > 1 || !deployment.shadows().isEmpty())) {
            throw MarqueeException.invalid("'deploy' needs an endpoint with one route and no shadows; endpoint '%s'"
                    + " has %d routes and %d shadows (change its routes instead)", endpoint,
                    deployment.variants().size(), deployment.shadows().size());
        }
        ModelVersionRecord version = deployment.version();
        RecommenderJobRequest previous = jobs.recommenderRequest(tenantId, version);
        DatasetRecord trainedOn = store.datasets().find(tenantId, previous.datasetId())
                .orElseThrow(() -> MarqueeException.notFound(
                        "dataset '%s' that model '%s' version %d was trained on no longer exists",
                        previous.datasetId(), version.modelName(), version.version()));
        DatasetRecord latest = store.datasets().latest(tenantId, trainedOn.name()).orElseThrow();
        PendingInteractions pending = store.postedInteractions().pending(tenantId, endpoint,
                options.maxRetrainEvents());
        DatasetRecord dataset = latest;
        if (!pending.events().isEmpty()) {
            InteractionSummary summary = latest.interactions().orElseThrow(() -> MarqueeException.invalid(
                    "dataset '%s' holds %s, not interactions", latest.id(), latest.kind().wireName()));
            byte[] rows = tsv(pending.events(), summary);
            InteractionDatasets.Parsed parsed = InteractionDatasets.append(
                    artifacts.read(latest.sha256()), summary, rows, InteractionFormat.TSV);
            StoredArtifact stored = artifacts.put(parsed.canonical());
            dataset = store.datasets().createNext(latest, stored.sha256(), stored.sizeBytes(),
                    InteractionDatasets.profile(parsed.interactions()), Optional.of(parsed.summary()));
            store.postedInteractions().markAppended(tenantId, endpoint, pending.throughId(), dataset.id());
        }
        TrainingJobRecord job = jobs.submit(tenantId,
                previous.withDataset(dataset.id()).withModelName(version.modelName()));
        if (deploy) {
            Thread.ofVirtual().name("deploy-after-" + job.id()).start(() -> deployWhenDone(tenantId, endpoint, job));
        }
        return new Retrained(version, pending.events().size(),
                pending.events().isEmpty() ? Optional.empty() : Optional.of(dataset), job);
    }

    /**
     * Retrains every endpoint with posted events not yet appended whose previous scheduled retrain has finished,
     * redeploying those with one route; a failure is logged and the endpoint is tried again next time.
     */
    private void retrainPending() {
        for (PendingEndpoint pending : store.postedInteractions().endpointsWithPending()) {
            String key = pending.tenantId() + '\u0000' + pending.endpointName();
            String previousJob = scheduledJobs.get(key);
            if (previousJob != null && store.jobs().find(pending.tenantId(), previousJob)
                    .filter(job -> !job.state().isTerminal()).isPresent()) {
                continue;
            }
            try {
                Deployment deployment = deployments.get(pending.tenantId(), pending.endpointName());
                boolean single = deployment.variants().size() == 1 && deployment.shadows().isEmpty();
                Retrained retrained = retrain(pending.tenantId(), pending.endpointName(), single);
                scheduledJobs.put(key, retrained.job().id());
                LOG.info(() -> "scheduled retrain of endpoint %s: %d posted interactions, job %s".formatted(
                        pending.endpointName(), retrained.appended(), retrained.job().id()));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "scheduled retrain of endpoint " + pending.endpointName() + " failed", e);
            }
        }
    }

    /** Stops scheduled retrains; jobs already submitted run on. */
    @Override
    public void close() {
        scheduler.ifPresent(ScheduledExecutorService::shutdownNow);
    }

    /**
     * Follows a retrain job and points the endpoint at its version when it succeeds (within the training timeout and
     * a minute). The endpoint must still serve the model the job retrains with one route; otherwise the endpoint is
     * left alone.
     */
    private void deployWhenDone(String tenantId, String endpoint, TrainingJobRecord submitted) {
        Instant giveUp = clock.instant().plus(trainingTimeout).plus(Duration.ofMinutes(1));
        try {
            while (clock.instant().isBefore(giveUp)) {
                Optional<TrainingJobRecord> job = store.jobs().find(tenantId, submitted.id());
                if (job.isEmpty() || job.get().state().isTerminal()) {
                    if (job.isPresent() && job.get().state() == JobState.SUCCEEDED
                            && job.get().modelVersion().isPresent()) {
                        Deployment current = deployments.get(tenantId, endpoint);
                        if (current.variants().size() == 1
                                && current.version().modelName().equals(job.get().modelName())) {
                            deployments.deploy(tenantId, endpoint, job.get().modelName(),
                                    Integer.toString(job.get().modelVersion().get()));
                        }
                    }
                    return;
                }
                Thread.sleep(DEPLOY_POLL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not deploy the retrained model of endpoint " + endpoint, e);
        }
    }

    /**
     * Whether the interaction dataset the endpoint's control model was trained on holds ratings (then posted events
     * need one, for the retrain's append); false for a model that no recommender job trained.
     */
    private boolean datasetHoldsRatings(String tenantId, Deployment deployment) {
        RecommenderJobRequest request;
        try {
            request = jobs.recommenderRequest(tenantId, deployment.version());
        } catch (MarqueeException notTrainedHere) {
            return false;
        }
        return store.datasets().find(tenantId, request.datasetId())
                .flatMap(DatasetRecord::interactions)
                .map(InteractionSummary::ratings)
                .orElse(false);
    }

    /** The events as TSV with the dataset's columns ({@code user item [rating] [timestamp]}). */
    private static byte[] tsv(List<InteractionEvent> events, InteractionSummary summary) {
        StringBuilder text = new StringBuilder("user\titem");
        text.append(summary.ratings() ? "\trating" : "").append(summary.timestamps() ? "\ttimestamp" : "").append('\n');
        for (InteractionEvent event : events) {
            text.append(event.userId()).append('\t').append(event.itemId());
            if (summary.ratings()) {
                text.append('\t').append(event.rating().orElseThrow(() -> MarqueeException.invalid(
                        "posted interaction of user '%s' and item '%s' has no rating, and the dataset holds ratings",
                        event.userId(), event.itemId())));
            }
            if (summary.timestamps()) {
                text.append('\t').append(event.timestamp());
            }
            text.append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Every variant's recommender, the control's first; INVALID_ARGUMENT when one serves something else. */
    private static List<RecommendingModel> recommenders(Deployment deployment) {
        List<RecommendingModel> models = new ArrayList<>();
        for (Variant variant : deployment.variants()) {
            models.add(variant.model().recommending().orElseThrow(() -> notRecommender(deployment, variant.model())));
        }
        return models;
    }

    private static <T> Function<ServedModel, T> recommending(Deployment deployment,
            Function<RecommendingModel, T> work) {
        return model -> work.apply(model.recommending().orElseThrow(() -> notRecommender(deployment, model)));
    }

    private static MarqueeException notRecommender(Deployment deployment, ServedModel model) {
        return MarqueeException.invalid("endpoint '%s' serves a model of platform '%s', not a recommender; use the"
                + " inference API (/v2/models/%s/infer)", deployment.endpoint().name(), model.platform(),
                deployment.endpoint().name());
    }

    private static Map<String, Object> header(RoutedCall<?> routed) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("endpoint", routed.deployment().endpoint().name());
        body.put("model_name", routed.variant().version().modelName());
        body.put("model_version", Integer.toString(routed.variant().version().version()));
        body.put("route", routed.variant().name());
        return body;
    }

    private static Map<String, Object> item(RecommendedItem item) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("item_id", item.itemId());
        item.title().ifPresent(title -> view.put("title", title));
        view.put("score", item.score());
        view.put("pinned", item.pinned());
        item.because().ifPresent(because -> view.put("because", because(because)));
        return view;
    }

    private static Map<String, Object> because(Because because) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("basis", because.basis().name().toLowerCase(java.util.Locale.ROOT));
        List<Map<String, Object>> items = new ArrayList<>();
        for (Contribution contribution : because.contributions()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("item_id", contribution.itemId());
            contribution.title().ifPresent(title -> entry.put("title", title));
            entry.put("score", contribution.score());
            items.add(entry);
        }
        view.put("items", items);
        return view;
    }

    /** The request as the request log records it: {@code user_id} and {@code history} tensors, {@code k}. */
    private static InferenceRequest logged(RecommendBodies.Recommend parsed, RecommendQuery query) {
        List<InferenceTensor> inputs = new ArrayList<>(2);
        query.userId().ifPresent(user -> inputs.add(InferenceTensor.strings("user_id", new String[] {user}, 1)));
        if (!query.history().isEmpty()) {
            inputs.add(InferenceTensor.strings("history", query.history().toArray(String[]::new),
                    query.history().size()));
        }
        return new InferenceRequest(parsed.requestId(), inputs, List.of(), Map.of("k", query.k()));
    }

    /** The answer as the request log records it: {@code item_ids} and {@code scores}, {@code [1, n]}. */
    private static InferenceResponse logged(RoutedCall<?> routed, Optional<String> requestId,
            Recommendations answer) {
        int size = answer.items().size();
        String[] ids = new String[size];
        double[] scores = new double[size];
        for (int rank = 0; rank < size; rank++) {
            ids[rank] = answer.items().get(rank).itemId();
            scores[rank] = answer.items().get(rank).score();
        }
        return new InferenceResponse(routed.deployment().endpoint().name(),
                Integer.toString(routed.variant().version().version()), requestId,
                List.of(InferenceTensor.strings("item_ids", ids, 1, size),
                        InferenceTensor.numbers("scores", Datatype.FP32, scores, 1, size)),
                Map.of(Deployments.ROUTE_PARAMETER, routed.variant().name()));
    }
}
