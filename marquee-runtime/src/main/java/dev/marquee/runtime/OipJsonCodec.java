package dev.marquee.runtime;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.marquee.core.Json;
import dev.marquee.core.MarqueeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes the JSON body of Open Inference Protocol v2 infer calls. Every malformed request is an
 * INVALID_ARGUMENT naming the field; a declared shape is checked against {@code maxElements} before anything is
 * allocated for it. Thread-safe.
 */
public final class OipJsonCodec {
    private static final int MAX_NESTING = 32;

    private final ObjectMapper mapper = Json.newObjectMapper();
    private final long maxElements;

    /** @param maxElements most elements one request may carry over all its inputs */
    public OipJsonCodec(long maxElements) {
        if (maxElements <= 0) {
            throw new IllegalArgumentException("maxElements must be positive: " + maxElements);
        }
        this.maxElements = maxElements;
    }

    public InferenceRequest readRequest(byte[] body) {
        JsonNode root = Json.readRequestBody(mapper, body);
        if (!root.isObject()) {
            throw MarqueeException.invalid("request body must be a JSON object with an 'inputs' array");
        }
        Optional<String> id = optionalText(root, "id");
        JsonNode inputsNode = root.get("inputs");
        if (inputsNode == null || !inputsNode.isArray() || inputsNode.isEmpty()) {
            throw MarqueeException.invalid("'inputs' must be a non-empty array of tensors");
        }
        ElementBudget budget = new ElementBudget(maxElements);
        List<InferenceTensor> inputs = new ArrayList<>(inputsNode.size());
        for (int index = 0; index < inputsNode.size(); index++) {
            inputs.add(readTensor(inputsNode.get(index), index, budget));
        }
        List<String> outputs = new ArrayList<>();
        JsonNode outputsNode = root.get("outputs");
        if (outputsNode != null && !outputsNode.isNull()) {
            if (!outputsNode.isArray()) {
                throw MarqueeException.invalid("'outputs' must be an array of {\"name\": ...} objects");
            }
            for (JsonNode output : outputsNode) {
                JsonNode name = output.get("name");
                if (name == null || !name.isTextual()) {
                    throw MarqueeException.invalid("every entry of 'outputs' needs a string 'name'");
                }
                outputs.add(name.asText());
            }
        }
        return new InferenceRequest(id, inputs, outputs, parameters(root.get("parameters")));
    }

    private static InferenceTensor readTensor(JsonNode node, int index, ElementBudget budget) {
        if (node == null || !node.isObject()) {
            throw MarqueeException.invalid("inputs[%d] must be an object", index);
        }
        JsonNode nameNode = node.get("name");
        if (nameNode == null || !nameNode.isTextual() || nameNode.asText().isEmpty()) {
            throw MarqueeException.invalid("inputs[%d] needs a non-empty string 'name'", index);
        }
        String name = nameNode.asText();
        JsonNode datatypeNode = node.get("datatype");
        if (datatypeNode == null || !datatypeNode.isTextual()) {
            throw MarqueeException.invalid("input '%s' needs a string 'datatype'", name);
        }
        Datatype datatype = Datatype.parse(name, datatypeNode.asText());
        List<Long> shape = shape(name, node.get("shape"));
        int declared = budget.claim(name, shape);
        requireObjectOrAbsent(node.get("parameters"), "input '%s': 'parameters' must be an object".formatted(name));
        JsonNode dataNode = node.get("data");
        if (dataNode == null || !dataNode.isArray()) {
            throw MarqueeException.invalid("input '%s' needs a 'data' array", name);
        }
        List<JsonNode> elements = new ArrayList<>(declared);
        flatten(name, dataNode, elements, declared, 0);
        if (elements.size() != declared) {
            throw MarqueeException.invalid(
                    "input '%s': shape %s needs %d elements, data has %d", name, shape, declared, elements.size());
        }
        return new InferenceTensor(name, datatype, shape, data(name, datatype, elements));
    }

    private static void flatten(String name, JsonNode node, List<JsonNode> into, long limit, int depth) {
        if (depth > MAX_NESTING) {
            throw MarqueeException.invalid("input '%s': 'data' is nested deeper than %d levels", name, MAX_NESTING);
        }
        for (JsonNode element : node) {
            if (element.isArray()) {
                flatten(name, element, into, limit, depth + 1);
            } else {
                if (into.size() >= limit) {
                    throw MarqueeException.invalid("input '%s': data has more elements than its shape declares", name);
                }
                into.add(element);
            }
        }
    }

    private static List<Long> shape(String name, JsonNode node) {
        if (node == null || !node.isArray()) {
            throw MarqueeException.invalid("input '%s' needs a 'shape' array of non-negative integers", name);
        }
        List<Long> shape = new ArrayList<>(node.size());
        for (JsonNode dimension : node) {
            if (!dimension.isIntegralNumber() || dimension.asLong() < 0 || !dimension.canConvertToLong()) {
                throw MarqueeException.invalid(
                        "input '%s': shape must hold non-negative integers, found %s", name, dimension);
            }
            shape.add(dimension.asLong());
        }
        return shape;
    }

    private static TensorData data(String name, Datatype datatype, List<JsonNode> elements) {
        int size = elements.size();
        return switch (datatype) {
            case BOOL -> {
                boolean[] values = new boolean[size];
                for (int index = 0; index < size; index++) {
                    JsonNode element = elements.get(index);
                    if (!element.isBoolean()) {
                        throw wrongElement(name, datatype, index, element);
                    }
                    values[index] = element.booleanValue();
                }
                yield new TensorData.Booleans(values);
            }
            case BYTES -> {
                String[] values = new String[size];
                for (int index = 0; index < size; index++) {
                    JsonNode element = elements.get(index);
                    if (!element.isTextual()) {
                        throw wrongElement(name, datatype, index, element);
                    }
                    values[index] = element.textValue();
                }
                yield new TensorData.Strings(values);
            }
            case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, FP16, FP32, FP64 -> {
                double[] values = new double[size];
                for (int index = 0; index < size; index++) {
                    values[index] = number(name, datatype, index, elements.get(index));
                }
                yield new TensorData.Numbers(values);
            }
        };
    }

    /** An element of a numeric tensor, checked against the datatype's range as every transport does. */
    private static double number(String name, Datatype datatype, int index, JsonNode element) {
        if (element.isIntegralNumber()) {
            return element.canConvertToLong()
                    ? datatype.requireInRange(name, index, element.longValue())
                    : datatype.requireInRange(name, index, element.bigIntegerValue());
        }
        if (element.isNumber() && !datatype.isInteger()) {
            return datatype.requireInRange(name, index, element.doubleValue());
        }
        throw wrongElement(name, datatype, index, element);
    }

    private static MarqueeException wrongElement(String name, Datatype datatype, int index, JsonNode element) {
        String found = element.getNodeType() == JsonNodeType.STRING ? "string " + element : element.getNodeType().name().toLowerCase() + " " + element;
        return MarqueeException.invalid("input '%s' element %d: %s is not a %s value", name, index, found, datatype);
    }

    private static Optional<String> optionalText(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw MarqueeException.invalid("'%s' must be a string", field);
        }
        return Optional.of(node.asText());
    }

    private static void requireObjectOrAbsent(JsonNode node, String message) {
        if (node != null && !node.isNull() && !node.isObject()) {
            throw MarqueeException.invalid("%s", message);
        }
    }

    private Map<String, Object> parameters(JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        requireObjectOrAbsent(node, "'parameters' must be an object");
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            JsonNode value = field.getValue();
            if (value.isValueNode() && !value.isNull()) {
                parameters.put(field.getKey(), mapper.convertValue(value, Object.class));
            }
        }
        return parameters;
    }

    public byte[] writeResponse(InferenceResponse response) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = mapper.getFactory().createGenerator(buffer)) {
            generator.writeStartObject();
            generator.writeStringField("model_name", response.modelName());
            generator.writeStringField("model_version", response.modelVersion());
            if (response.id().isPresent()) {
                generator.writeStringField("id", response.id().get());
            }
            if (!response.parameters().isEmpty()) {
                generator.writeObjectFieldStart("parameters");
                for (Map.Entry<String, Object> parameter : response.parameters().entrySet()) {
                    generator.writeFieldName(parameter.getKey());
                    generator.writeObject(parameter.getValue());
                }
                generator.writeEndObject();
            }
            generator.writeArrayFieldStart("outputs");
            for (InferenceTensor tensor : response.outputs()) {
                writeTensor(generator, tensor);
            }
            generator.writeEndArray();
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    private static void writeTensor(JsonGenerator generator, InferenceTensor tensor) throws IOException {
        generator.writeStartObject();
        generator.writeStringField("name", tensor.name());
        generator.writeStringField("datatype", tensor.datatype().name());
        generator.writeArrayFieldStart("shape");
        for (long dimension : tensor.shape()) {
            generator.writeNumber(dimension);
        }
        generator.writeEndArray();
        generator.writeArrayFieldStart("data");
        switch (tensor.data()) {
            case TensorData.Numbers numbers -> {
                for (double value : numbers.values()) {
                    switch (tensor.datatype()) {
                        case FP32, FP16 -> generator.writeNumber((float) value);
                        case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32 -> generator.writeNumber((long) value);
                        case UINT64 -> generator.writeNumber(new BigDecimal(value).toBigInteger());
                        case FP64, BOOL, BYTES -> generator.writeNumber(value);
                    }
                }
            }
            case TensorData.Booleans booleans -> {
                for (boolean value : booleans.values()) {
                    generator.writeBoolean(value);
                }
            }
            case TensorData.Strings strings -> {
                for (String value : strings.values()) {
                    generator.writeString(value);
                }
            }
        }
        generator.writeEndArray();
        generator.writeEndObject();
    }
}
