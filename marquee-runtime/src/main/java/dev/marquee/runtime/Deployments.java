package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.Explanation;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.Names;
import dev.marquee.store.EndpointRecord;
import dev.marquee.store.EndpointRoute;
import dev.marquee.store.EndpointShadow;
import dev.marquee.store.EndpointTraffic;
import dev.marquee.store.InferenceAssignment;
import dev.marquee.store.MetadataStore;
import dev.marquee.store.ModelVersionRecord;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The live endpoints of every tenant, and the traffic router in front of their models.
 *
 * <p><b>Swaps.</b> Deploying resolves every route's version, loads and verifies every model <em>before</em> anything
 * changes, writes the configuration to the store, then replaces the endpoint's immutable {@link Deployment} snapshot
 * with one reference write: requests already running finish on the snapshot they started with, new ones see the new
 * one, none fails. Deploys and deletes of endpoints are serialised, so the live snapshot always matches the store.
 * After a restart, endpoints are loaded from the store on first use. (Other replicas of the server pick up a change
 * when they next load the endpoint, i.e. on restart.)
 *
 * <p><b>Routing.</b> A request with a routing key (the OIP request parameter {@value #ROUTING_KEY_PARAMETER}) goes to
 * the variant its key hashes to ({@link Deployment#variantFor}), so the same key always meets the same variant while
 * the weights stay; a request without one goes to a variant drawn at random by weight. Each shadow gets an
 * asynchronous copy of its percentage of requests ({@link ShadowDispatcher}). The response reports the answering
 * variant's version and its route name (response parameter {@code route}).
 *
 * <p><b>Experiment log.</b> An inference that carries a request id, on an endpoint with two or more routes, is
 * remembered with its variant ({@link AssignmentRecorder}), so that {@link Experiments} can attribute feedback to it.
 *
 * <p>Thread-safe.
 */
public final class Deployments {
    /** The OIP request parameter that carries the sticky routing key. */
    public static final String ROUTING_KEY_PARAMETER = "routing_key";
    /** The OIP response parameter that names the answering route. */
    public static final String ROUTE_PARAMETER = "route";

    private final MetadataStore store;
    private final ModelCache cache;
    private final InferenceScheduler scheduler;
    private final BatchingPolicy defaultBatching;
    private final Duration inferenceTimeout;
    private final TrafficSettings settings;
    private final Clock clock;
    private final InferenceMetrics metrics;
    private final ShadowDispatcher shadows;
    private final AssignmentRecorder assignments;
    private final ConcurrentMap<EndpointKey, Deployment> live = new ConcurrentHashMap<>();
    private final ReentrantLock swapLock = new ReentrantLock();

    private record EndpointKey(String tenantId, String name) {}

    /**
     * @param scheduler runs every infer call (bounded queues, deadlines, batching)
     * @param defaultBatching the batching policy of endpoints without their own batching settings; its queue capacity
     *     applies to every endpoint
     * @param inferenceTimeout longest an infer call may take, queueing included; a request may ask for less
     * @param meters where the per-route meters go (see {@link InferenceMetrics} for their names)
     * @param clock the time of assignments and the retention of the experiment log
     */
    public Deployments(
            MetadataStore store,
            ModelCache cache,
            InferenceScheduler scheduler,
            BatchingPolicy defaultBatching,
            Duration inferenceTimeout,
            TrafficSettings settings,
            MeterRegistry meters,
            Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.cache = requireNonNull(cache, "cache is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.defaultBatching = requireNonNull(defaultBatching, "defaultBatching is null");
        this.inferenceTimeout = requireNonNull(inferenceTimeout, "inferenceTimeout is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.metrics = new InferenceMetrics(requireNonNull(meters, "meters is null"));
        this.shadows = new ShadowDispatcher(settings.shadowConcurrency(), metrics);
        this.assignments = new AssignmentRecorder(
                store.experiments(),
                settings.assignmentQueueCapacity(),
                settings.experimentRetention(),
                clock,
                metrics.assignmentsDropped());
    }

    /**
     * Points {@code endpointName} at {@code modelName} version {@code reference} (a version number or an alias)
     * as its only route, creating the endpoint if needed.
     */
    public Deployment deploy(String tenantId, String endpointName, String modelName, String reference) {
        Names.requireValid("name", endpointName);
        Names.requireValid("model", modelName);
        resolve(tenantId, modelName, reference);
        return deploy(tenantId, endpointName, TrafficRequest.single(modelName, reference));
    }

    /**
     * Creates the endpoint or atomically replaces its whole traffic configuration. INVALID_ARGUMENT or NOT_FOUND
     * naming the field ({@code routes[1].version}) when a route is malformed or names a missing model version;
     * nothing changes then.
     */
    public Deployment deploy(String tenantId, String endpointName, TrafficRequest traffic) {
        requireNonNull(tenantId, "tenantId is null");
        Names.requireValid("name", endpointName);
        requireNonNull(traffic, "traffic is null");
        if (traffic.routes().size() + traffic.shadows().size() > settings.maxRoutes()) {
            throw MarqueeException.invalid(
                    "an endpoint may have at most %d routes and shadows together (max-endpoint-routes), got %d",
                    settings.maxRoutes(), traffic.routes().size() + traffic.shadows().size());
        }
        List<EndpointRoute> routes = new ArrayList<>();
        for (int index = 0; index < traffic.routes().size(); index++) {
            RouteRequest route = traffic.routes().get(index);
            String field = "routes[%d]".formatted(index);
            ModelVersionRecord version = resolve(tenantId, field, route.model(), route.reference());
            routes.add(new EndpointRoute(
                    routeName(field, route.name(), route.model(), version.version()),
                    route.model(),
                    route.reference(),
                    version.version(),
                    route.weight()));
        }
        List<EndpointShadow> shadowRoutes = new ArrayList<>();
        for (int index = 0; index < traffic.shadows().size(); index++) {
            ShadowRequest shadow = traffic.shadows().get(index);
            String field = "shadows[%d]".formatted(index);
            ModelVersionRecord version = resolve(tenantId, field, shadow.model(), shadow.reference());
            shadowRoutes.add(new EndpointShadow(
                    routeName(field, shadow.name(), shadow.model(), version.version()),
                    shadow.model(),
                    shadow.reference(),
                    version.version(),
                    shadow.percent()));
        }
        EndpointTraffic resolved = new EndpointTraffic(routes, shadowRoutes, traffic.batching());
        // Load (and so verify) every model before anything changes: a model that cannot be served fails the deploy
        // and leaves the endpoint as it was.
        resolved.routes().forEach(route -> load(tenantId, route.modelName(), route.version()));
        resolved.shadows().forEach(shadow -> load(tenantId, shadow.modelName(), shadow.version()));
        swapLock.lock();
        try {
            EndpointRecord endpoint = store.endpoints().upsert(tenantId, endpointName, resolved);
            Deployment deployment = build(endpoint);
            live.put(new EndpointKey(tenantId, endpointName), deployment);
            return deployment;
        } finally {
            swapLock.unlock();
        }
    }

    /** The endpoint's current deployment; NOT_FOUND when the tenant has no such endpoint. */
    public Deployment get(String tenantId, String endpointName) {
        EndpointKey key = new EndpointKey(tenantId, endpointName);
        Deployment deployment = live.get(key);
        if (deployment != null) {
            return deployment;
        }
        // Loading under the swap lock keeps a concurrent delete from being undone by a stale load.
        swapLock.lock();
        try {
            Deployment raced = live.get(key);
            if (raced != null) {
                return raced;
            }
            EndpointRecord endpoint = store.endpoints()
                    .find(tenantId, endpointName)
                    .orElseThrow(() -> MarqueeException.notFound("endpoint '%s' not found", endpointName));
            Deployment loaded = build(endpoint);
            live.put(key, loaded);
            return loaded;
        } finally {
            swapLock.unlock();
        }
    }

    public boolean undeploy(String tenantId, String endpointName) {
        swapLock.lock();
        try {
            boolean deleted = store.endpoints().delete(tenantId, endpointName);
            live.remove(new EndpointKey(tenantId, endpointName));
            return deleted;
        } finally {
            swapLock.unlock();
        }
    }

    /**
     * Scores a request on the variant the router picks (see the class comment) through the scheduler, within the
     * server's inference timeout or the request's {@link Deadline#TIMEOUT_PARAMETER}, whichever is sooner.
     */
    public InferenceResponse infer(String tenantId, String endpointName, InferenceRequest request) {
        return infer(tenantId, endpointName, request, Deadline.after(inferenceTimeout));
    }

    /**
     * As {@link #infer(String, String, InferenceRequest)}, with the caller's deadline too (a gRPC deadline, say).
     * Interrupting the calling thread while the request waits cancels it (CANCELLED, the interrupt flag kept).
     */
    public InferenceResponse infer(String tenantId, String endpointName, InferenceRequest request, Deadline deadline) {
        Deployment deployment = get(tenantId, endpointName);
        Variant variant = choose(deployment, request);
        return serve(tenantId, deployment, variant, request,
                model -> schedule(deployment, variant, model, request, deadline))
                .response();
    }

    /**
     * Scores a request on the endpoint's variant serving {@code version} (the OIP {@code /versions/{v}} routes);
     * NOT_FOUND when no variant serves it.
     */
    public InferenceResponse infer(String tenantId, String endpointName, int version, InferenceRequest request) {
        return infer(tenantId, endpointName, version, request, Deadline.after(inferenceTimeout));
    }

    /** As {@link #infer(String, String, int, InferenceRequest)}, with the caller's deadline too. */
    public InferenceResponse infer(
            String tenantId, String endpointName, int version, InferenceRequest request, Deadline deadline) {
        Deployment deployment = get(tenantId, endpointName);
        Variant variant = variantServing(deployment, version);
        return serve(tenantId, deployment, variant, request,
                model -> schedule(deployment, variant, model, request, deadline))
                .response();
    }

    /**
     * The endpoint's deployment when this process holds it now (no metadata lookup); empty otherwise, including for an
     * endpoint that does not exist.
     */
    public Optional<Deployment> cached(String tenantId, String endpointName) {
        return Optional.ofNullable(live.get(new EndpointKey(tenantId, endpointName)));
    }

    /**
     * Scores a request on the calling thread when nothing about it would wait, as {@link #infer} does otherwise (same
     * routing, shadows, metrics and experiment log); empty, with nothing done, when something could: the endpoint
     * is not {@link #cached}, the chosen variant's model is not loaded, a request of this size is estimated from its
     * recent calls to take {@code fastBelow} or longer (or it has too few calls to tell), the endpoint batches with a
     * delay, or the scheduler has no free slot or a queue for it. For transports whose threads must not block (a gRPC
     * event loop): on empty, hand the request to a thread that may wait and call {@link #infer}.
     *
     * @param version the version of the route to serve it, or empty for the route the router picks
     * @param deadline the caller's deadline (the request's own timeout and the server's still apply)
     */
    public Optional<InferenceResponse> inferNow(String tenantId, String endpointName, Optional<Integer> version,
            InferenceRequest request, Deadline deadline, Duration fastBelow) {
        requireNonNull(request, "request is null");
        requireNonNull(deadline, "deadline is null");
        Optional<Deployment> cached = cached(tenantId, endpointName);
        if (cached.isEmpty()) {
            return Optional.empty();
        }
        Deployment deployment = cached.get();
        Variant variant = version.map(number -> variantServing(deployment, number))
                .orElseGet(() -> choose(deployment, request));
        if (!variant.meters().recent().below(fastBelow.toNanos(), request.elementCount())) {
            return Optional.empty();
        }
        return scheduler.reserve(variant.batchKey(), deployment.batchingPolicy(), deadline(request, deadline))
                .flatMap(slot -> {
                    try (slot) {
                        return variant.model().ifLoaded(model -> serve(tenantId, deployment, variant, request,
                                ignored -> slot.run(model, request)).response());
                    }
                });
    }

    /**
     * Runs {@code work} on the model of the variant of {@code deployment} (from {@link #get}) the router picks: the
     * variant the routing key hashes to when the endpoint has several routes and a key is given, else one drawn by
     * weight. The work goes through the scheduler in the variant's queue like an inference
     * ({@link InferenceScheduler#call}: the same worker limit, queue capacity, 429/503 refusals and the server's
     * inference timeout), is timed into the route's metrics, and a call with a request id on an endpoint with several
     * routes is remembered for {@link Experiments}. Shadows are not involved: this is for APIs beside the Open
     * Inference Protocol (recommendations) whose work is one synchronous, bounded computation.
     */
    public <T> RoutedCall<T> route(String tenantId, Deployment deployment, Optional<String> routingKey,
            Optional<String> requestId, Function<ServedModel, T> work) {
        requireNonNull(deployment, "deployment is null");
        requireNonNull(routingKey, "routingKey is null");
        requireNonNull(requestId, "requestId is null");
        requireNonNull(work, "work is null");
        Variant variant = choose(deployment, routingKey);
        T result = timed(variant, 1, () -> scheduler.call(variant.batchKey(), deployment.batchingPolicy(),
                defaultDeadline(), () -> work.apply(variant.model())));
        remember(tenantId, deployment, variant, requestId);
        return new RoutedCall<>(deployment, variant, result);
    }

    /** The default deadline of a request: the server's inference timeout from now. */
    public Deadline defaultDeadline() {
        return Deadline.after(inferenceTimeout);
    }

    private List<InferenceTensor> schedule(
            Deployment deployment, Variant variant, ServedModel model, InferenceRequest request, Deadline deadline) {
        return scheduler.infer(
                variant.batchKey(),
                model,
                request,
                deployment.batchingPolicy(),
                deadline(request, deadline));
    }

    /** The request's deadline: the caller's, the request's own timeout or the server's, whichever comes first. */
    private Deadline deadline(InferenceRequest request, Deadline caller) {
        return Deadline.forRequest(request, inferenceTimeout).earliest(caller);
    }

    /** The endpoint's own batching settings with the server's queue capacity, or the server's defaults. */
    private BatchingPolicy batching(EndpointRecord endpoint) {
        return endpoint.batching()
                .map(own -> new BatchingPolicy(own.maxBatchSize(), Duration.ofMillis(own.maxQueueDelayMillis()),
                        defaultBatching.queueCapacity()))
                .orElse(defaultBatching);
    }

    /**
     * Scores a request on the variant the router picks and explains every row, both from the same model and both
     * through the scheduler (an explanation costs many model calls: it waits for a worker like any inference, and is
     * refused as one when the queue is full), within the server's inference timeout or the request's own.
     */
    public ExplainedInference explain(String tenantId, String endpointName, InferenceRequest request) {
        Deployment deployment = get(tenantId, endpointName);
        Variant variant = choose(deployment, request);
        Deadline deadline = Deadline.forRequest(request, inferenceTimeout);
        Served<Explanation> served = serve(tenantId, deployment, variant, request,
                model -> schedule(deployment, variant, model, request, deadline),
                model -> scheduler.call(variant.batchKey(), deployment.batchingPolicy(), deadline,
                        () -> model.explain(request)));
        return new ExplainedInference(served.response(), served.extra());
    }

    /** The variant of {@code deployment} that serves {@code version}; NOT_FOUND otherwise. */
    public static Variant variantServing(Deployment deployment, int version) {
        return deployment.variantServing(version).orElseThrow(() -> MarqueeException.notFound(
                "model '%s' serves version %s, not version %d",
                deployment.endpoint().name(),
                String.join(", ", deployment.servedVersions()),
                version));
    }

    /** Resolves a version number or alias of a model; NOT_FOUND names what is missing. */
    public ModelVersionRecord resolve(String tenantId, String modelName, String reference) {
        Optional<Integer> number = versionNumber(reference);
        int version = number.orElseGet(() -> store.models()
                .resolveAlias(tenantId, modelName, reference)
                .orElseThrow(() -> MarqueeException.notFound(
                        "model '%s' has no version or alias '%s'", modelName, reference)));
        return store.models()
                .findVersion(tenantId, modelName, version)
                .orElseThrow(() -> MarqueeException.notFound("model '%s' has no version %d", modelName, version));
    }

    /** The experiment log's recorder, for {@link Experiments}. */
    AssignmentRecorder assignments() {
        return assignments;
    }

    TrafficSettings settings() {
        return settings;
    }

    Clock clock() {
        return clock;
    }

    /**
     * Waits until the assignments of inferences answered so far are in the store, at most {@code timeout}; the
     * server calls it on shutdown before closing the store. Returns whether everything was written.
     */
    public boolean awaitExperimentLog(Duration timeout) {
        return assignments.awaitWritten(timeout);
    }

    private record Served<T>(InferenceResponse response, T extra) {}

    private Served<Void> serve(
            String tenantId,
            Deployment deployment,
            Variant variant,
            InferenceRequest request,
            Function<ServedModel, List<InferenceTensor>> infer) {
        return serve(tenantId, deployment, variant, request, infer, model -> null);
    }

    private <T> Served<T> serve(
            String tenantId,
            Deployment deployment,
            Variant variant,
            InferenceRequest request,
            Function<ServedModel, List<InferenceTensor>> infer,
            Function<ServedModel, T> extra) {
        String endpointName = deployment.endpoint().name();
        for (ShadowVariant shadow : deployment.shadows()) {
            if (shadow.percent() >= 100 || ThreadLocalRandom.current().nextDouble() * 100 < shadow.percent()) {
                shadows.dispatch(tenantId, endpointName, shadow, request);
            }
        }
        Computed<T> computed = timed(variant, request.elementCount(),
                () -> new Computed<>(infer.apply(variant.model()), extra.apply(variant.model())));
        remember(tenantId, deployment, variant, request.id());
        InferenceResponse response = new InferenceResponse(
                endpointName,
                Integer.toString(variant.version().version()),
                request.id(),
                computed.outputs(),
                Map.of(ROUTE_PARAMETER, variant.name()));
        return new Served<>(response, computed.extra());
    }

    /** What a model call produced before it becomes a response. */
    private record Computed<T>(List<InferenceTensor> outputs, T extra) {}

    /** Runs {@code work} on a request of {@code elements} input elements, timing it into the route's metrics. */
    private static <T> T timed(Variant variant, long elements, Supplier<T> work) {
        InferenceMetrics.RouteMeters meters = variant.meters();
        long started = System.nanoTime();
        T result;
        try {
            result = work.get();
        } catch (RuntimeException failure) {
            meters.record(System.nanoTime() - started, elements, InferenceMetrics.Outcome.of(failure));
            throw failure;
        }
        meters.record(System.nanoTime() - started, elements, InferenceMetrics.Outcome.SUCCESS);
        return result;
    }

    /**
     * Remembers a call with a request id for {@link Experiments}. Only an endpoint with two or more routes is an
     * experiment; logging every call of a single-route endpoint would cost a database write per request for a
     * comparison nobody can make.
     */
    private void remember(String tenantId, Deployment deployment, Variant variant, Optional<String> requestId) {
        requestId.filter(id -> deployment.variants().size() > 1).ifPresent(id -> assignments.record(
                new InferenceAssignment(tenantId, deployment.endpoint().name(), id, variant.name(),
                        variant.version().modelName(), variant.version().version(), clock.instant())));
    }

    private static Variant choose(Deployment deployment, InferenceRequest request) {
        if (deployment.variants().size() == 1) {
            return deployment.variants().getFirst(); // the common case, without a parameter lookup
        }
        return choose(deployment, Optional.ofNullable(request.parameters().get(ROUTING_KEY_PARAMETER))
                .map(Object::toString));
    }

    /** The only variant; else the one the routing key hashes to; else one drawn by weight. */
    private static Variant choose(Deployment deployment, Optional<String> routingKey) {
        if (deployment.variants().size() == 1) {
            return deployment.variants().getFirst();
        }
        return routingKey.map(deployment::variantFor)
                .orElseGet(() -> deployment.variantAt(ThreadLocalRandom.current().nextDouble()));
    }

    private Deployment build(EndpointRecord endpoint) {
        List<Variant> variants = new ArrayList<>();
        for (EndpointRoute route : endpoint.routes()) {
            ModelVersionRecord version = findVersion(endpoint, route.modelName(), route.version());
            // One scheduler queue per model version: routes serving the same version share it.
            BatchKey batchKey = new BatchKey(
                    endpoint.tenantId(), endpoint.name(), version.modelName() + ":" + version.version());
            variants.add(new Variant(route.name(), version, cache.get(version.artifactSha256()), route.weight(),
                    batchKey, metrics.route(endpoint.tenantId(), endpoint.name(), version, route.name())));
        }
        List<ShadowVariant> shadowVariants = new ArrayList<>();
        for (EndpointShadow shadow : endpoint.shadows()) {
            ModelVersionRecord version = findVersion(endpoint, shadow.modelName(), shadow.version());
            shadowVariants.add(
                    new ShadowVariant(shadow.name(), version, cache.get(version.artifactSha256()), shadow.percent()));
        }
        return new Deployment(endpoint, variants, shadowVariants, batching(endpoint));
    }

    private ModelVersionRecord findVersion(EndpointRecord endpoint, String modelName, int version) {
        return store.models()
                .findVersion(endpoint.tenantId(), modelName, version)
                .orElseThrow(() -> MarqueeException.notFound(
                        "endpoint '%s' serves model '%s' version %d, which no longer exists",
                        endpoint.name(), modelName, version));
    }

    private void load(String tenantId, String modelName, int version) {
        ModelVersionRecord record = store.models()
                .findVersion(tenantId, modelName, version)
                .orElseThrow(() -> MarqueeException.notFound("model '%s' has no version %d", modelName, version));
        cache.get(record.artifactSha256());
    }

    private ModelVersionRecord resolve(String tenantId, String field, String modelName, String reference) {
        Names.requireValid(field + ".model", modelName);
        if (reference.isBlank()) {
            throw MarqueeException.invalid("'%s.version' must be a version number or an alias", field);
        }
        try {
            return resolve(tenantId, modelName, reference);
        } catch (MarqueeException failure) {
            throw new MarqueeException(failure.code(), "'%s.version': %s".formatted(field, failure.getMessage()));
        }
    }

    private static String routeName(String field, Optional<String> name, String modelName, int version) {
        return name.map(given -> Names.requireValid(field + ".name", given))
                .orElseGet(() -> EndpointRoute.defaultName(modelName, version));
    }

    /** {@code reference} as a version number, or empty when it is not one (an alias, say). */
    public static Optional<Integer> versionNumber(String reference) {
        if (reference.isEmpty() || reference.length() > 9 || !reference.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(reference));
    }
}
