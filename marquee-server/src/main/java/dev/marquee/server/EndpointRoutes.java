package dev.marquee.server;

import static dev.marquee.server.ApiRoute.delete;
import static dev.marquee.server.ApiRoute.get;
import static dev.marquee.server.ApiRoute.post;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.core.MarqueeException;
import dev.marquee.runtime.Deployment;
import dev.marquee.runtime.Deployments;
import dev.marquee.store.EndpointRecord;
import dev.marquee.store.MetadataStore;
import dev.marquee.store.Scope;
import io.helidon.http.Status;
import java.util.List;
import java.util.Map;

/** {@code /v1/endpoints}: deploy a model version (or alias) under a name that the inference API serves. */
final class EndpointRoutes {
    private final MetadataStore store;
    private final Deployments deployments;

    EndpointRoutes(MetadataStore store, Deployments deployments) {
        this.store = requireNonNull(store, "store is null");
        this.deployments = requireNonNull(deployments, "deployments is null");
    }

    List<ApiRoute> routes() {
        Access deploy = Access.scopes(Scope.DEPLOY);
        Access read = Access.scopes(Scope.DEPLOY, Scope.INFER);
        return List.of(
                post("/v1/endpoints", deploy,
                        "Deploy a model version or alias under an endpoint name (swaps an existing endpoint)",
                        this::deploy),
                get("/v1/endpoints", read, "List endpoints", this::list),
                get("/v1/endpoints/{endpointName}", read, "Show an endpoint", this::show),
                delete("/v1/endpoints/{endpointName}", deploy, "Delete an endpoint", this::undeploy));
    }

    private void deploy(Call call) {
        JsonNode body = call.jsonBody();
        String name = JsonFields.requiredText(body, "name");
        String model = JsonFields.requiredText(body, "model");
        String reference = JsonFields.optionalReference(body, "version")
                .orElseThrow(() -> MarqueeException.invalid("'version' is required: a version number or an alias"));
        boolean existed = store.endpoints().find(call.tenantId(), name).isPresent();
        Deployment deployment = deployments.deploy(call.tenantId(), name, model, reference);
        call.audit("endpoint.deploy", name, model + " version " + deployment.version().version());
        call.json(existed ? Status.OK_200 : Status.CREATED_201, deployment.endpoint());
    }

    private void list(Call call) {
        call.ok(Map.of("endpoints", store.endpoints().list(call.tenantId())));
    }

    private void show(Call call) {
        call.ok(find(call));
    }

    private void undeploy(Call call) {
        EndpointRecord endpoint = find(call);
        deployments.undeploy(call.tenantId(), endpoint.name());
        call.audit("endpoint.delete", endpoint.name(), "");
        call.ok(endpoint);
    }

    private EndpointRecord find(Call call) {
        String name = call.path("endpointName");
        return store.endpoints()
                .find(call.tenantId(), name)
                .orElseThrow(() -> MarqueeException.notFound("endpoint '%s' not found", name));
    }
}
