package dev.marquee.server;

import static dev.marquee.server.ApiRoute.get;
import static dev.marquee.server.ApiRoute.post;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marquee.core.Json;
import dev.marquee.runtime.Deployment;
import dev.marquee.runtime.Deployments;
import dev.marquee.runtime.ExplainedInference;
import dev.marquee.runtime.InferenceRequest;
import dev.marquee.runtime.InferenceResponse;
import dev.marquee.runtime.OipJsonCodec;
import dev.marquee.runtime.TensorSpec;
import dev.marquee.store.Scope;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Open Inference Protocol v2 model routes: metadata, readiness and infer, with and without
 * {@code /versions/{version}}, and the explain task API that takes the same request body. The OIP model name is the
 * endpoint name. An endpoint with several routes picks the variant by the request's routing key
 * ({@code parameters.routing_key}, or the {@value #ROUTING_KEY_HEADER} header) and reports it in the response's
 * {@code parameters.route} and the {@value #ROUTE_HEADER} header; {@code /versions/{version}} picks the variant
 * serving that version.
 */
final class InferenceRoutes {
    /** REST header carrying the sticky routing key when the request body has no {@code parameters.routing_key}. */
    static final String ROUTING_KEY_HEADER = "X-Marquee-Routing-Key";
    /** REST response header naming the route (variant) that answered. */
    static final String ROUTE_HEADER = "X-Marquee-Route";
    private static final HeaderName ROUTING_KEY_HEADER_NAME = HeaderNames.create(ROUTING_KEY_HEADER);
    private static final HeaderName ROUTE_HEADER_NAME = HeaderNames.create(ROUTE_HEADER);

    private final Deployments deployments;
    private final OipModels models;
    private final OipJsonCodec codec;
    private final RequestLogging requestLogging;
    private final ObjectMapper mapper =
            Json.newObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    InferenceRoutes(Deployments deployments, OipJsonCodec codec, RequestLogging requestLogging) {
        this.deployments = requireNonNull(deployments, "deployments is null");
        this.models = new OipModels(deployments);
        this.codec = requireNonNull(codec, "codec is null");
        this.requestLogging = requireNonNull(requestLogging, "requestLogging is null");
    }

    List<ApiRoute> routes() {
        Access infer = Access.scopes(Scope.INFER);
        return List.of(
                get("/v2/models/{endpointName}", infer, "OIP model metadata", this::metadata),
                get("/v2/models/{endpointName}/versions/{version}", infer, "OIP model metadata of a version",
                        this::metadata),
                get("/v2/models/{endpointName}/ready", infer, "OIP model readiness", this::ready),
                get("/v2/models/{endpointName}/versions/{version}/ready", infer, "OIP model readiness of a version",
                        this::ready),
                post("/v2/models/{endpointName}/infer", infer, "OIP inference",
                        call -> requestLogging.capture(call, this::infer)),
                post("/v2/models/{endpointName}/versions/{version}/infer", infer, "OIP inference on a version",
                        call -> requestLogging.capture(call, this::infer)),
                post("/v1/endpoints/{endpointName}/explain", infer,
                        "Predict and explain each row by input column (OIP request body)", this::explain));
    }

    private Deployment deployment(Call call) {
        return models.find(call.tenantId(), call.path("endpointName"), call.optionalPath("version"));
    }

    /**
     * The request with the routing key of the {@value #ROUTING_KEY_HEADER} header as its
     * {@code parameters.routing_key}, unless the body already has one (the body wins).
     */
    private static InferenceRequest withRoutingKey(Call call, InferenceRequest request) {
        Optional<String> header = call.requestHeader(ROUTING_KEY_HEADER_NAME);
        if (header.isEmpty() || request.parameters().containsKey(Deployments.ROUTING_KEY_PARAMETER)) {
            return request;
        }
        Map<String, Object> parameters = new LinkedHashMap<>(request.parameters());
        parameters.put(Deployments.ROUTING_KEY_PARAMETER, header.get());
        return new InferenceRequest(request.id(), request.inputs(), request.requestedOutputs(), parameters);
    }

    private static void routeHeader(Call call, InferenceResponse response) {
        Object route = response.parameters().get(Deployments.ROUTE_PARAMETER);
        if (route != null) {
            call.header(ROUTE_HEADER_NAME, route.toString());
        }
    }

    private void metadata(Call call) {
        Deployment deployment = deployment(call);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", deployment.endpoint().name());
        metadata.put("versions", deployment.servedVersions());
        metadata.put("platform", deployment.model().platform());
        metadata.put("inputs", deployment.model().inputSpecs().stream().map(InferenceRoutes::tensor).toList());
        metadata.put("outputs", deployment.model().outputSpecs().stream().map(InferenceRoutes::tensor).toList());
        call.ok(metadata);
    }

    private static Map<String, Object> tensor(TensorSpec spec) {
        Map<String, Object> tensor = new LinkedHashMap<>();
        tensor.put("name", spec.name());
        tensor.put("datatype", spec.datatype().name());
        tensor.put("shape", spec.shape());
        return tensor;
    }

    private void ready(Call call) {
        Deployment deployment = deployment(call);
        call.ok(Map.of("name", deployment.endpoint().name(), "ready", true));
    }

    /**
     * Answers the OIP response fields ({@code model_name}, {@code model_version}, {@code id}, {@code outputs}) plus
     * {@code explanation}.
     */
    private void explain(Call call) {
        deployment(call);
        InferenceRequest request = withRoutingKey(call, codec.readRequest(call.body()));
        ExplainedInference explained = deployments.explain(call.tenantId(), call.path("endpointName"), request);
        routeHeader(call, explained.response());
        ObjectNode body = (ObjectNode) Json.readRequestBody(mapper, codec.writeResponse(explained.response()));
        body.set("explanation", mapper.valueToTree(explained.explanation()));
        call.ok(body);
    }

    /** Reports what it learns to the request log's capture; the wrapper reports the outcome. */
    private void infer(Call call, InferenceCapture capture) {
        Deployment deployment = capture.deployment(deployment(call));
        InferenceRequest request = capture.request(withRoutingKey(call, codec.readRequest(call.body())));
        InferenceResponse response = capture.response(
                models.infer(call.tenantId(), deployment, call.optionalPath("version"), request));
        routeHeader(call, response);
        call.send(Status.OK_200, "application/json", codec.writeResponse(response));
    }
}
