package dev.marquee.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.client.ApiResponse;
import dev.marquee.client.MarqueeClient;
import dev.marquee.runtime.Datatype;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The REST binding of the protocol (JSON over HTTP), sending {@code data} flat or nested by the tensor's shape. */
final class RestOipTransport implements OipTransport {
    private final URI url;
    private final boolean nested;

    RestOipTransport(URI url, boolean nested) {
        this.url = url;
        this.nested = nested;
    }

    @Override
    public String protocol() {
        return "rest";
    }

    @Override
    public String toString() {
        return nested ? "REST, nested data" : "REST, flat data";
    }

    private MarqueeClient client(Optional<String> key) {
        return new MarqueeClient(url, key, Duration.ofMinutes(1));
    }

    private static JsonNode success(ApiResponse response) {
        if (response.isSuccess()) {
            return response.json();
        }
        JsonNode error = response.json();
        if (!error.path("error").isTextual()) {
            throw new AssertionError("error body without an 'error' string: " + response.text());
        }
        throw new Failure(Integer.toString(response.status()), error.path("error").asText());
    }

    @Override
    public boolean live() {
        try (MarqueeClient client = client(Optional.empty())) {
            return success(client.get("/v2/health/live")).path("live").asBoolean();
        }
    }

    @Override
    public boolean ready() {
        try (MarqueeClient client = client(Optional.empty())) {
            return success(client.get("/v2/health/ready")).path("ready").asBoolean();
        }
    }

    @Override
    public ServerInfo serverMetadata() {
        try (MarqueeClient client = client(Optional.empty())) {
            JsonNode body = success(client.get("/v2"));
            return new ServerInfo(body.path("name").asText(), body.path("version").asText(), texts(body.path("extensions")));
        }
    }

    private static String modelPath(String model, Optional<String> version) {
        return "/v2/models/" + MarqueeClient.encode(model)
                + version.map(value -> "/versions/" + MarqueeClient.encode(value)).orElse("");
    }

    @Override
    public ModelInfo modelMetadata(Optional<String> key, String model, Optional<String> version) {
        try (MarqueeClient client = client(key)) {
            JsonNode body = success(client.get(modelPath(model, version)));
            return new ModelInfo(body.path("name").asText(), texts(body.path("versions")), body.path("platform").asText(),
                    tensors(body.path("inputs")), tensors(body.path("outputs")));
        }
    }

    @Override
    public boolean modelReady(Optional<String> key, String model, Optional<String> version) {
        try (MarqueeClient client = client(key)) {
            return success(client.get(modelPath(model, version) + "/ready")).path("ready").asBoolean();
        }
    }

    @Override
    public Result infer(Optional<String> key, String model, Optional<String> version, Request request) {
        Map<String, Object> body = new LinkedHashMap<>();
        request.id().ifPresent(id -> body.put("id", id));
        if (!request.parameters().isEmpty()) {
            body.put("parameters", request.parameters());
        }
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (Tensor input : request.inputs()) {
            inputs.add(Map.of("name", input.name(), "datatype", input.datatype().name(), "shape", input.shape(),
                    "data", nested && fits(input) ? nest(input.data(), input.shape()) : input.data()));
        }
        body.put("inputs", inputs);
        if (!request.outputs().isEmpty()) {
            body.put("outputs", request.outputs().stream().map(name -> Map.of("name", name)).toList());
        }
        try (MarqueeClient client = client(key)) {
            JsonNode response = success(client.post(modelPath(model, version) + "/infer", body));
            List<Tensor> outputs = new ArrayList<>();
            for (JsonNode output : response.path("outputs")) {
                Datatype datatype = Datatype.valueOf(output.path("datatype").asText());
                List<Object> data = new ArrayList<>();
                for (JsonNode element : output.path("data")) {
                    data.add(switch (datatype) {
                        case BYTES -> element.asText();
                        case BOOL -> element.asBoolean();
                        case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, FP16, FP32, FP64 -> element.asDouble();
                    });
                }
                List<Long> shape = new ArrayList<>();
                output.path("shape").forEach(dimension -> shape.add(dimension.asLong()));
                outputs.add(new Tensor(output.path("name").asText(), datatype, shape, data));
            }
            Optional<String> id = response.has("id") ? Optional.of(response.path("id").asText()) : Optional.empty();
            return new Result(response.path("model_name").asText(), response.path("model_version").asText(), id, outputs,
                    false);
        }
    }

    /** Whether the tensor's data has as many elements as its shape declares, so it can be nested by the shape. */
    private static boolean fits(Tensor tensor) {
        long product = 1;
        for (long dimension : tensor.shape()) {
            product *= dimension;
        }
        return product == tensor.data().size();
    }

    /** Row-major flat elements as nested arrays of the given shape. */
    private static Object nest(List<Object> flat, List<Long> shape) {
        if (shape.size() <= 1) {
            return flat;
        }
        int inner = flat.size() / Math.toIntExact(shape.getFirst());
        List<Object> rows = new ArrayList<>();
        for (int start = 0; start < flat.size(); start += inner) {
            rows.add(nest(flat.subList(start, start + inner), shape.subList(1, shape.size())));
        }
        return rows;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static List<TensorInfo> tensors(JsonNode array) {
        List<TensorInfo> tensors = new ArrayList<>();
        for (JsonNode tensor : array) {
            List<Long> shape = new ArrayList<>();
            tensor.path("shape").forEach(dimension -> shape.add(dimension.asLong()));
            tensors.add(new TensorInfo(tensor.path("name").asText(), tensor.path("datatype").asText(), shape));
        }
        return tensors;
    }

    @Override
    public void close() {}
}
