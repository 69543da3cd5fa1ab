package dev.marquee.server;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import dev.marquee.runtime.Deployment;
import dev.marquee.runtime.Deployments;
import dev.marquee.runtime.InferenceRequest;
import dev.marquee.runtime.InferenceResponse;
import java.util.Optional;

/**
 * What an Open Inference Protocol model name, and optionally a version, means for a tenant; shared by the REST routes
 * and the gRPC service so both answer the same. The model name is an endpoint name; a version, when given, must be the
 * one the endpoint serves. Thread-safe.
 */
final class OipModels {
    private final Deployments deployments;

    OipModels(Deployments deployments) {
        this.deployments = requireNonNull(deployments, "deployments is null");
    }

    /** The endpoint's deployment; NOT_FOUND for an unknown model (or another tenant's) and for a version not served. */
    Deployment find(String tenantId, String name, Optional<String> version) {
        Deployment deployment = deployments.get(tenantId, name);
        version.ifPresent(requested -> {
            String serving = Integer.toString(deployment.version().version());
            if (!serving.equals(requested)) {
                throw MarqueeException.notFound("model '%s' serves version %s, not version %s", name, serving, requested);
            }
        });
        return deployment;
    }

    /** Scores the request on the named model, checking the version first when one is given. */
    InferenceResponse infer(String tenantId, String name, Optional<String> version, InferenceRequest request) {
        find(tenantId, name, version);
        return deployments.infer(tenantId, name, request);
    }
}
