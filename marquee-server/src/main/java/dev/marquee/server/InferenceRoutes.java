package dev.marquee.server;

import static dev.marquee.server.ApiRoute.get;
import static dev.marquee.server.ApiRoute.post;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marquee.core.Json;
import dev.marquee.core.MarqueeException;
import dev.marquee.runtime.Deployment;
import dev.marquee.runtime.Deployments;
import dev.marquee.runtime.ExplainedInference;
import dev.marquee.runtime.InferenceRequest;
import dev.marquee.runtime.InferenceResponse;
import dev.marquee.runtime.OipJsonCodec;
import dev.marquee.runtime.TensorSpec;
import dev.marquee.store.Scope;
import io.helidon.http.Status;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Open Inference Protocol v2 model routes: metadata, readiness and infer, with and without
 * {@code /versions/{version}}, and the explain task API that takes the same request body. The OIP model name is the
 * endpoint name.
 */
final class InferenceRoutes {
    private final Deployments deployments;
    private final OipJsonCodec codec;
    private final RequestLogging requestLogging;
    private final ObjectMapper mapper =
            Json.newObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    InferenceRoutes(Deployments deployments, OipJsonCodec codec, RequestLogging requestLogging) {
        this.deployments = requireNonNull(deployments, "deployments is null");
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
        String name = call.path("endpointName");
        Deployment deployment = deployments.get(call.tenantId(), name);
        call.optionalPath("version").ifPresent(requested -> {
            String serving = Integer.toString(deployment.version().version());
            if (!serving.equals(requested)) {
                throw MarqueeException.notFound(
                        "model '%s' serves version %s, not version %s", name, serving, requested);
            }
        });
        return deployment;
    }

    private void metadata(Call call) {
        Deployment deployment = deployment(call);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", deployment.endpoint().name());
        metadata.put("versions", List.of(Integer.toString(deployment.version().version())));
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
        InferenceRequest request = codec.readRequest(call.body());
        ExplainedInference explained = deployments.explain(call.tenantId(), call.path("endpointName"), request);
        ObjectNode body = (ObjectNode) Json.readRequestBody(mapper, codec.writeResponse(explained.response()));
        body.set("explanation", mapper.valueToTree(explained.explanation()));
        call.ok(body);
    }

    /** Reports what it learns to the request log's capture; the wrapper reports the outcome. */
    private void infer(Call call, InferenceCapture capture) {
        capture.deployment(deployment(call));
        InferenceRequest request = capture.request(codec.readRequest(call.body()));
        InferenceResponse response =
                capture.response(deployments.infer(call.tenantId(), call.path("endpointName"), request));
        call.send(Status.OK_200, "application/json", codec.writeResponse(response));
    }
}
