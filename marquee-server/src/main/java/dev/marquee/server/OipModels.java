package dev.marquee.server;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import dev.marquee.runtime.Deadline;
import dev.marquee.runtime.Deployment;
import dev.marquee.runtime.Deployments;
import dev.marquee.runtime.InferenceRequest;
import dev.marquee.runtime.InferenceResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * What an Open Inference Protocol model name, and optionally a version, means for a tenant; shared by the REST routes
 * and the gRPC service so both answer the same. The model name is an endpoint name; a version, when given, must be
 * served by one of the endpoint's routes, and the request then goes to that route. Thread-safe.
 */
final class OipModels {
    private final Deployments deployments;

    OipModels(Deployments deployments) {
        this.deployments = requireNonNull(deployments, "deployments is null");
    }

    /** The endpoint's deployment; NOT_FOUND for an unknown model (or another tenant's) and for a version not served. */
    Deployment find(String tenantId, String name, Optional<String> version) {
        return servingVersion(deployments.get(tenantId, name), version);
    }

    /**
     * As {@link #find} when this process holds the endpoint's deployment ({@link Deployments#cached}); empty, with no
     * metadata lookup, otherwise.
     */
    Optional<Deployment> findCached(String tenantId, String name, Optional<String> version) {
        return deployments.cached(tenantId, name).map(deployment -> servingVersion(deployment, version));
    }

    /** The deployment, NOT_FOUND when {@code version} is given and none of its routes serves it. */
    private static Deployment servingVersion(Deployment deployment, Optional<String> version) {
        version.map(requested -> number(deployment, requested))
                .ifPresent(number -> Deployments.variantServing(deployment, number));
        return deployment;
    }

    /**
     * As {@link #infer(String, Deployment, Optional, InferenceRequest, Deadline)} on the calling thread when nothing
     * about the call would wait and it is estimated to take less than {@code fastBelow} ({@link Deployments#inferNow});
     * empty, with nothing done, otherwise.
     */
    Optional<InferenceResponse> inferNow(String tenantId, Deployment deployment, Optional<String> version,
            InferenceRequest request, Deadline deadline, Duration fastBelow) {
        return deployments.inferNow(tenantId, deployment.endpoint().name(),
                version.map(requested -> number(deployment, requested)), request, deadline, fastBelow);
    }

    /**
     * Scores the request on {@code deployment} (as {@link #find} returned it), on the route serving {@code version}
     * when one is given, else on the route the router picks; by {@code deadline} at the latest (and the server's
     * inference timeout).
     */
    InferenceResponse infer(String tenantId, Deployment deployment, Optional<String> version, InferenceRequest request,
            Deadline deadline) {
        String name = deployment.endpoint().name();
        Optional<Integer> number = version.map(requested -> number(deployment, requested));
        return number.isPresent()
                ? deployments.infer(tenantId, name, number.get(), request, deadline)
                : deployments.infer(tenantId, name, request, deadline);
    }

    /** The default deadline of a call: the server's inference timeout from now. */
    Deadline defaultDeadline() {
        return deployments.defaultDeadline();
    }

    /** As {@link #infer(String, Deployment, Optional, InferenceRequest, Deadline)} with the server's timeout alone. */
    InferenceResponse infer(String tenantId, Deployment deployment, Optional<String> version, InferenceRequest request) {
        return infer(tenantId, deployment, version, request, deployments.defaultDeadline());
    }

    /** The version a {@code /versions/{version}} path names; NOT_FOUND when it is not a version number. */
    private static int number(Deployment deployment, String requested) {
        return Deployments.versionNumber(requested).orElseThrow(() -> MarqueeException.notFound(
                "model '%s' has no version '%s'", deployment.endpoint().name(), requested));
    }
}
