package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import dev.marquee.core.Names;
import dev.marquee.store.EndpointRecord;
import dev.marquee.store.MetadataStore;
import dev.marquee.store.ModelVersionRecord;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The live endpoints of every tenant. Deploying loads and verifies the model <em>before</em> the endpoint is
 * switched, then replaces the live deployment in one atomic step: requests already running finish on the old model,
 * new ones see the new one, none fails. After a restart, endpoints are loaded from the store on first use.
 * Thread-safe.
 */
public final class Deployments {
    private final MetadataStore store;
    private final ModelCache cache;
    private final InferenceScheduler scheduler;
    private final BatchingPolicy batching;
    private final Duration inferenceTimeout;
    private final ConcurrentMap<EndpointKey, Deployment> live = new ConcurrentHashMap<>();

    private record EndpointKey(String tenantId, String name) {}

    /**
     * @param scheduler runs every infer call (bounded queues, deadlines, batching)
     * @param batching the batching policy of every endpoint
     * @param inferenceTimeout longest an infer call may take, queueing included; a request may ask for less
     */
    public Deployments(
            MetadataStore store,
            ModelCache cache,
            InferenceScheduler scheduler,
            BatchingPolicy batching,
            Duration inferenceTimeout) {
        this.store = requireNonNull(store, "store is null");
        this.cache = requireNonNull(cache, "cache is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.batching = requireNonNull(batching, "batching is null");
        this.inferenceTimeout = requireNonNull(inferenceTimeout, "inferenceTimeout is null");
    }

    /**
     * Points {@code endpointName} at {@code modelName} version {@code reference} (a version number or an alias),
     * creating the endpoint if needed.
     */
    public Deployment deploy(String tenantId, String endpointName, String modelName, String reference) {
        Names.requireValid("name", endpointName);
        Names.requireValid("model", modelName);
        ModelVersionRecord version = resolve(tenantId, modelName, reference);
        ServedModel model = cache.get(version.artifactSha256());
        EndpointRecord endpoint =
                store.endpoints().upsert(tenantId, endpointName, modelName, reference, version.version());
        Deployment deployment = new Deployment(endpoint, version, model);
        live.put(new EndpointKey(tenantId, endpointName), deployment);
        return deployment;
    }

    /** The endpoint's current deployment; NOT_FOUND when the tenant has no such endpoint. */
    public Deployment get(String tenantId, String endpointName) {
        EndpointKey key = new EndpointKey(tenantId, endpointName);
        Deployment deployment = live.get(key);
        if (deployment != null) {
            return deployment;
        }
        EndpointRecord endpoint = store.endpoints()
                .find(tenantId, endpointName)
                .orElseThrow(() -> MarqueeException.notFound("endpoint '%s' not found", endpointName));
        ModelVersionRecord version = store.models()
                .findVersion(tenantId, endpoint.modelName(), endpoint.version())
                .orElseThrow(() -> MarqueeException.notFound(
                        "endpoint '%s' serves model '%s' version %d, which no longer exists",
                        endpointName, endpoint.modelName(), endpoint.version()));
        Deployment loaded = new Deployment(endpoint, version, cache.get(version.artifactSha256()));
        Deployment raced = live.putIfAbsent(key, loaded);
        return raced == null ? loaded : raced;
    }

    public boolean undeploy(String tenantId, String endpointName) {
        boolean deleted = store.endpoints().delete(tenantId, endpointName);
        live.remove(new EndpointKey(tenantId, endpointName));
        return deleted;
    }

    /**
     * Scores a request on the endpoint's current model through the scheduler, within the server's inference timeout
     * or the request's {@link Deadline#TIMEOUT_PARAMETER}, whichever is sooner.
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
        String version = Integer.toString(deployment.version().version());
        List<InferenceTensor> outputs = scheduler.infer(
                new BatchKey(tenantId, endpointName, version),
                deployment.model(),
                request,
                batching,
                Deadline.forRequest(request, inferenceTimeout).earliest(deadline));
        return new InferenceResponse(endpointName, version, request.id(), outputs);
    }

    /** Scores a request on the endpoint's current model and explains every row, both from the same model. */
    public ExplainedInference explain(String tenantId, String endpointName, InferenceRequest request) {
        Deployment deployment = get(tenantId, endpointName);
        InferenceResponse response = new InferenceResponse(
                endpointName,
                Integer.toString(deployment.version().version()),
                request.id(),
                deployment.model().infer(request));
        return new ExplainedInference(response, deployment.model().explain(request));
    }

    /** Resolves a version number or alias of a model; NOT_FOUND names what is missing. */
    public ModelVersionRecord resolve(String tenantId, String modelName, String reference) {
        Optional<Integer> number = parseVersion(reference);
        int version = number.orElseGet(() -> store.models()
                .resolveAlias(tenantId, modelName, reference)
                .orElseThrow(() -> MarqueeException.notFound(
                        "model '%s' has no version or alias '%s'", modelName, reference)));
        return store.models()
                .findVersion(tenantId, modelName, version)
                .orElseThrow(() -> MarqueeException.notFound("model '%s' has no version %d", modelName, version));
    }

    private static Optional<Integer> parseVersion(String reference) {
        if (reference.isEmpty() || reference.length() > 9 || !reference.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(reference));
    }
}
