package dev.marquee.server;

import static dev.marquee.server.ApiRoute.delete;
import static dev.marquee.server.ApiRoute.get;
import static dev.marquee.server.ApiRoute.post;
import static dev.marquee.server.ApiRoute.put;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.core.MarqueeException;
import dev.marquee.recommend.Catalogue;
import dev.marquee.runtime.Deployment;
import dev.marquee.runtime.Deployments;
import dev.marquee.runtime.Experiments;
import dev.marquee.runtime.FeedbackReceipt;
import dev.marquee.runtime.RecommendingModel;
import dev.marquee.runtime.RouteRequest;
import dev.marquee.runtime.ShadowRequest;
import dev.marquee.runtime.TrafficRequest;
import dev.marquee.store.EndpointRecord;
import dev.marquee.store.EndpointRoute;
import dev.marquee.store.MetadataStore;
import dev.marquee.store.Scope;
import io.helidon.http.Status;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /v1/endpoints}: deploy model versions (or aliases) under a name that the inference API serves, with weighted
 * routes, shadows and batching settings; change the routes; log feedback and compare the variants.
 */
final class EndpointRoutes {
    private final MetadataStore store;
    private final Deployments deployments;
    private final Experiments experiments;

    EndpointRoutes(MetadataStore store, Deployments deployments, Experiments experiments) {
        this.store = requireNonNull(store, "store is null");
        this.deployments = requireNonNull(deployments, "deployments is null");
        this.experiments = requireNonNull(experiments, "experiments is null");
    }

    List<ApiRoute> routes() {
        Access deploy = Access.scopes(Scope.DEPLOY);
        Access read = Access.scopes(Scope.DEPLOY, Scope.INFER);
        Access infer = Access.scopes(Scope.INFER);
        return List.of(
                post("/v1/endpoints", deploy,
                        "Deploy a model version or alias, or weighted routes with shadows and batching, under an"
                                + " endpoint name (swaps an existing endpoint atomically)",
                        this::deploy),
                get("/v1/endpoints", read, "List endpoints", this::list),
                get("/v1/endpoints/{endpointName}", read, "Show an endpoint", this::show),
                delete("/v1/endpoints/{endpointName}", deploy, "Delete an endpoint", this::undeploy),
                put("/v1/endpoints/{endpointName}/routes", deploy,
                        "Replace an endpoint's weighted routes (and shadows) atomically", this::reroute),
                post("/v1/endpoints/{endpointName}/feedback", infer,
                        "Log an outcome (reward or click) for an inference, attributed to the variant that served it",
                        this::feedback),
                get("/v1/endpoints/{endpointName}/experiment", read,
                        "Compare the endpoint's variants on logged outcomes, with confidence intervals and"
                                + " significance tests",
                        this::experiment));
    }

    private void deploy(Call call) {
        JsonNode body = call.jsonBody();
        String name = JsonFields.requiredText(body, "name");
        boolean hasRoutes = body.hasNonNull("routes");
        boolean hasModel = body.hasNonNull("model") || body.hasNonNull("version");
        if (hasRoutes == hasModel) {
            throw MarqueeException.invalid(
                    "give either 'model' and 'version' (one route with all traffic) or 'routes', not %s",
                    hasRoutes ? "both" : "neither");
        }
        TrafficRequest traffic;
        if (hasRoutes) {
            traffic = new TrafficRequest(
                    TrafficBodies.routes(body),
                    TrafficBodies.shadows(body).orElse(List.of()),
                    TrafficBodies.batching(body));
        } else {
            String model = JsonFields.requiredText(body, "model");
            String reference = JsonFields.optionalReference(body, "version")
                    .orElseThrow(() -> MarqueeException.invalid("'version' is required: a version number or an alias"));
            traffic = new TrafficRequest(
                    List.of(new RouteRequest(Optional.empty(), model, reference, 100)),
                    TrafficBodies.shadows(body).orElse(List.of()),
                    TrafficBodies.batching(body));
        }
        boolean existed = store.endpoints().find(call.tenantId(), name).isPresent();
        Deployment deployment = hasRoutes
                ? deployments.deploy(call.tenantId(), name, traffic)
                : deployLegacy(call.tenantId(), name, traffic);
        call.audit("endpoint.deploy", name, describe(deployment.endpoint()));
        call.json(existed ? Status.OK_200 : Status.CREATED_201, deployment.endpoint());
    }

    /** The one-model form: its errors name {@code model} and {@code version}, as they always have. */
    private Deployment deployLegacy(String tenantId, String name, TrafficRequest traffic) {
        RouteRequest only = traffic.routes().getFirst();
        if (traffic.shadows().isEmpty() && traffic.batching().isEmpty()) {
            return deployments.deploy(tenantId, name, only.model(), only.reference());
        }
        deployments.resolve(tenantId, only.model(), only.reference());
        return deployments.deploy(tenantId, name, traffic);
    }

    private void reroute(Call call) {
        EndpointRecord existing = find(call);
        JsonNode body = call.jsonBody();
        if (!body.hasNonNull("routes")) {
            throw MarqueeException.invalid("'routes' is required");
        }
        List<ShadowRequest> shadows = TrafficBodies.shadows(body).orElseGet(() -> existing.shadows().stream()
                .map(shadow -> new ShadowRequest(
                        Optional.of(shadow.name()), shadow.modelName(), shadow.reference(), shadow.percent()))
                .toList());
        Deployment deployment = deployments.deploy(
                call.tenantId(),
                existing.name(),
                new TrafficRequest(TrafficBodies.routes(body), shadows, existing.batching()));
        call.audit("endpoint.routes", existing.name(), describe(deployment.endpoint()));
        call.ok(deployment.endpoint());
    }

    private void feedback(Call call) {
        // An unknown endpoint (or another tenant's) is NOT_FOUND whatever the body says.
        String name = find(call).name();
        FeedbackReceipt receipt = experiments.feedback(call.tenantId(), name, TrafficBodies.feedback(call.jsonBody()));
        call.json(Status.CREATED_201, receipt);
    }

    private void experiment(Call call) {
        call.ok(experiments.report(call.tenantId(), call.path("endpointName")));
    }

    private void list(Call call) {
        call.ok(Map.of("endpoints", store.endpoints().list(call.tenantId())));
    }

    /** The endpoint; one serving a recommender also has {@code recommender} (see {@link RecommenderView}). */
    private void show(Call call) {
        EndpointRecord endpoint = find(call);
        Optional<RecommenderView> recommender = recommending(call.tenantId(), endpoint.name())
                .map(model -> new RecommenderView(
                        model.manifest().algorithm(),
                        model.engine().model().training().userCount(),
                        model.engine().model().training().itemCount(),
                        model.engine().catalogue().map(Catalogue::size),
                        List.of("/v1/endpoints/%s/recommend".formatted(endpoint.name()),
                                "/v1/endpoints/%s/similar".formatted(endpoint.name()),
                                "/v1/endpoints/%s/interactions".formatted(endpoint.name()))));
        call.ok(new EndpointView(endpoint, recommender));
    }

    /**
     * The control route's recommender, when it serves one; empty too when its model cannot be loaded now (a deleted
     * version, say), so that the endpoint can still be shown.
     */
    private Optional<RecommendingModel> recommending(String tenantId, String name) {
        try {
            return deployments.get(tenantId, name).model().recommending();
        } catch (MarqueeException unavailable) {
            return Optional.empty();
        }
    }

    /** An endpoint as {@code GET /v1/endpoints/{name}} shows it: the record's fields, and what its recommender is. */
    record EndpointView(@JsonUnwrapped EndpointRecord endpoint,
            @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<RecommenderView> recommender) {}

    /**
     * What the control route's recommender serves.
     *
     * @param algorithm the training algorithm
     * @param users the users the model knows
     * @param items the items it can recommend
     * @param catalogueItems the size of its catalogue; absent without one (no titles, filters or genre rules)
     * @param api the recommendation routes of the endpoint
     */
    record RecommenderView(String algorithm, int users, int items,
            @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<Integer> catalogueItems, List<String> api) {}

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

    /** For the audit log: {@code churn version 2} for one route, else every route with its weight. */
    private static String describe(EndpointRecord endpoint) {
        if (endpoint.routes().size() == 1 && endpoint.shadows().isEmpty()) {
            return endpoint.modelName() + " version " + endpoint.version();
        }
        StringBuilder detail = new StringBuilder();
        for (EndpointRoute route : endpoint.routes()) {
            detail.append(detail.isEmpty() ? "" : ", ")
                    .append(route.name()).append('=').append(route.modelName()).append(" version ")
                    .append(route.version()).append(" weight ").append(route.weight());
        }
        endpoint.shadows().forEach(shadow -> detail.append(", shadow ").append(shadow.name()).append('=')
                .append(shadow.modelName()).append(" version ").append(shadow.version()).append(' ')
                .append(shadow.percent()).append('%'));
        return detail.toString();
    }
}
