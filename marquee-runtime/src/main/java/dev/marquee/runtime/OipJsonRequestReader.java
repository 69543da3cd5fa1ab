package dev.marquee.runtime;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.marquee.core.MarqueeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the JSON body of an Open Inference Protocol infer request with Jackson's streaming parser, straight into
 * typed arrays: on the usual path, where a tensor's {@code name}, {@code datatype} and {@code shape} come before its
 * {@code data}, no tree of the body is built and the declared shape is claimed from the {@link ElementBudget} before
 * the data array is allocated. A tensor that puts {@code data} first is read as a tree (the body is already bounded by
 * the server's body size limit) and checked the same way once its header is known. Every malformed request is an
 * INVALID_ARGUMENT naming the field. One instance per codec; thread-safe.
 */
final class OipJsonRequestReader {
    private static final int MAX_NESTING = 32;

    private final ObjectMapper mapper;
    private final long maxElements;

    OipJsonRequestReader(ObjectMapper mapper, long maxElements) {
        this.mapper = mapper;
        this.maxElements = maxElements;
    }

    InferenceRequest read(byte[] body) {
        try (JsonParser parser = mapper.createParser(body)) {
            return readRoot(parser);
        } catch (JsonProcessingException e) {
            throw MarqueeException.invalid("request body is not valid JSON: %s", e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private InferenceRequest readRoot(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw MarqueeException.invalid("request body must be a JSON object with an 'inputs' array");
        }
        Optional<String> id = Optional.empty();
        List<InferenceTensor> inputs = List.of();
        List<String> outputs = List.of();
        Map<String, Object> parameters = Map.of();
        ElementBudget budget = new ElementBudget(maxElements);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "id" -> id = readId(parser, value);
                case "inputs" -> inputs = readInputs(parser, value, budget);
                case "outputs" -> outputs = readOutputs(parser.readValueAsTree());
                case "parameters" -> parameters = readParameters(parser.readValueAsTree());
                default -> parser.skipChildren();
            }
        }
        if (inputs.isEmpty()) {
            throw MarqueeException.invalid("'inputs' must be a non-empty array of tensors");
        }
        return new InferenceRequest(id, inputs, outputs, parameters);
    }

    private static Optional<String> readId(JsonParser parser, JsonToken value) throws IOException {
        return switch (value) {
            case VALUE_NULL -> Optional.empty();
            case VALUE_STRING -> Optional.of(parser.getText());
            default -> throw MarqueeException.invalid("'id' must be a string");
        };
    }

    private static List<InferenceTensor> readInputs(JsonParser parser, JsonToken value, ElementBudget budget)
            throws IOException {
        if (value != JsonToken.START_ARRAY) {
            throw MarqueeException.invalid("'inputs' must be a non-empty array of tensors");
        }
        List<InferenceTensor> inputs = new ArrayList<>(2);
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token != JsonToken.START_OBJECT) {
                throw MarqueeException.invalid("inputs[%d] must be an object", inputs.size());
            }
            inputs.add(new TensorReader(inputs.size()).read(parser, budget));
        }
        return inputs;
    }

    private static List<String> readOutputs(JsonNode node) {
        if (node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw MarqueeException.invalid("'outputs' must be an array of {\"name\": ...} objects");
        }
        List<String> outputs = new ArrayList<>(node.size());
        for (JsonNode output : node) {
            JsonNode name = output.get("name");
            if (name == null || !name.isTextual()) {
                throw MarqueeException.invalid("every entry of 'outputs' needs a string 'name'");
            }
            outputs.add(name.asText());
        }
        return outputs;
    }

    private Map<String, Object> readParameters(JsonNode node) {
        if (node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw MarqueeException.invalid("'parameters' must be an object");
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            JsonNode value = field.getValue();
            if (value.isValueNode() && !value.isNull()) {
                parameters.put(field.getKey(), mapper.convertValue(value, Object.class));
            }
        }
        return parameters;
    }

    /** One input tensor's fields as they arrive; validated in the order name, datatype, shape, parameters, data. */
    private static final class TensorReader {
        private final int index;
        private boolean nameSeen;
        private String name = "";
        private boolean datatypeSeen;
        private String datatypeText = "";
        /** Dimensions read so far; empty until a valid shape array was read. */
        private Optional<List<Long>> shape = Optional.empty();
        /** Why the shape is unusable: absent when it is fine or was never given. */
        private Optional<String> badDimension = Optional.empty();
        private boolean shapeNotArray;
        private boolean parametersNotObject;
        private Optional<TensorData> data = Optional.empty();
        /** The data of a tensor that gave it before its header, read as a tree. */
        private Optional<JsonNode> deferredData = Optional.empty();
        private Datatype datatype;
        private int declared;

        TensorReader(int index) {
            this.index = index;
        }

        InferenceTensor read(JsonParser parser, ElementBudget budget) throws IOException {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "name" -> {
                        nameSeen = value == JsonToken.VALUE_STRING;
                        name = nameSeen ? parser.getText() : "";
                        parser.skipChildren();
                    }
                    case "datatype" -> {
                        datatypeSeen = value == JsonToken.VALUE_STRING;
                        datatypeText = datatypeSeen ? parser.getText() : "";
                        parser.skipChildren();
                    }
                    case "shape" -> readShape(parser, value);
                    case "parameters" -> {
                        parametersNotObject = value != JsonToken.START_OBJECT && value != JsonToken.VALUE_NULL;
                        parser.skipChildren();
                    }
                    case "data" -> {
                        if (nameSeen && datatypeSeen && shape.isPresent()) {
                            validateHeader(budget);
                            data = Optional.of(readData(parser, value));
                        } else {
                            deferredData = Optional.of(parser.readValueAsTree());
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            if (data.isEmpty()) {
                validateHeader(budget);
                JsonNode dataNode = deferredData.orElseThrow(
                        () -> MarqueeException.invalid("input '%s' needs a 'data' array", name));
                data = Optional.of(treeData(dataNode));
            }
            if (parametersNotObject) {
                // Given after a streamed 'data': the header was validated before it was known.
                throw MarqueeException.invalid("input '%s': 'parameters' must be an object", name);
            }
            return new InferenceTensor(name, datatype, shape.orElseThrow(), data.orElseThrow());
        }

        private void readShape(JsonParser parser, JsonToken value) throws IOException {
            shape = Optional.empty();
            badDimension = Optional.empty();
            shapeNotArray = value != JsonToken.START_ARRAY;
            if (shapeNotArray) {
                parser.skipChildren();
                return;
            }
            List<Long> dimensions = new ArrayList<>(2);
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (badDimension.isPresent()) {
                    parser.skipChildren();
                } else if (token == JsonToken.VALUE_NUMBER_INT
                        && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                        && parser.getLongValue() >= 0) {
                    dimensions.add(parser.getLongValue());
                } else {
                    badDimension = Optional.of(parser.readValueAsTree().toString());
                }
            }
            if (badDimension.isEmpty()) {
                shape = Optional.of(dimensions);
            }
        }

        /** Checks name, datatype, shape and parameters, and claims the shape's elements from the budget. */
        private void validateHeader(ElementBudget budget) {
            if (!nameSeen || name.isEmpty()) {
                throw MarqueeException.invalid("inputs[%d] needs a non-empty string 'name'", index);
            }
            if (!datatypeSeen) {
                throw MarqueeException.invalid("input '%s' needs a string 'datatype'", name);
            }
            datatype = Datatype.parse(name, datatypeText);
            if (badDimension.isPresent()) {
                throw MarqueeException.invalid(
                        "input '%s': shape must hold non-negative integers, found %s", name, badDimension.get());
            }
            if (shapeNotArray || shape.isEmpty()) {
                throw MarqueeException.invalid("input '%s' needs a 'shape' array of non-negative integers", name);
            }
            declared = budget.claim(name, shape.get());
            if (parametersNotObject) {
                throw MarqueeException.invalid("input '%s': 'parameters' must be an object", name);
            }
        }

        private TensorData readData(JsonParser parser, JsonToken value) throws IOException {
            if (value != JsonToken.START_ARRAY) {
                throw MarqueeException.invalid("input '%s' needs a 'data' array", name);
            }
            ElementSink sink = switch (datatype) {
                case BOOL -> new BooleanSink(declared);
                case BYTES -> new StringSink(declared);
                case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, FP16, FP32, FP64 ->
                        new NumberSink(declared);
            };
            int depth = 1;
            int count = 0;
            while (depth > 0) {
                JsonToken token = parser.nextToken();
                if (token == JsonToken.START_ARRAY) {
                    if (depth > MAX_NESTING) {
                        throw MarqueeException.invalid(
                                "input '%s': 'data' is nested deeper than %d levels", name, MAX_NESTING);
                    }
                    depth++;
                } else if (token == JsonToken.END_ARRAY) {
                    depth--;
                } else {
                    if (count >= declared) {
                        throw MarqueeException.invalid(
                                "input '%s': data has more elements than its shape declares", name);
                    }
                    sink.accept(this, parser, token, count++);
                }
            }
            if (count != declared) {
                throw MarqueeException.invalid(
                        "input '%s': shape %s needs %d elements, data has %d", name, shape.orElseThrow(), declared,
                        count);
            }
            return sink.data();
        }

        /** The data of a tensor read as a tree, checked exactly like the streamed path. */
        private TensorData treeData(JsonNode node) {
            if (!node.isArray()) {
                throw MarqueeException.invalid("input '%s' needs a 'data' array", name);
            }
            List<JsonNode> elements = new ArrayList<>(declared);
            flatten(node, elements, 0);
            if (elements.size() != declared) {
                throw MarqueeException.invalid(
                        "input '%s': shape %s needs %d elements, data has %d", name, shape.orElseThrow(), declared,
                        elements.size());
            }
            int size = elements.size();
            return switch (datatype) {
                case BOOL -> {
                    boolean[] values = new boolean[size];
                    for (int position = 0; position < size; position++) {
                        JsonNode element = elements.get(position);
                        if (!element.isBoolean()) {
                            throw wrongElement(position, element);
                        }
                        values[position] = element.booleanValue();
                    }
                    yield new TensorData.Booleans(values);
                }
                case BYTES -> {
                    String[] values = new String[size];
                    for (int position = 0; position < size; position++) {
                        JsonNode element = elements.get(position);
                        if (!element.isTextual()) {
                            throw wrongElement(position, element);
                        }
                        values[position] = element.textValue();
                    }
                    yield new TensorData.Strings(values);
                }
                case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, FP16, FP32, FP64 -> {
                    double[] values = new double[size];
                    for (int position = 0; position < size; position++) {
                        values[position] = treeNumber(position, elements.get(position));
                    }
                    yield new TensorData.Numbers(values);
                }
            };
        }

        private void flatten(JsonNode node, List<JsonNode> into, int depth) {
            if (depth > MAX_NESTING) {
                throw MarqueeException.invalid("input '%s': 'data' is nested deeper than %d levels", name, MAX_NESTING);
            }
            for (JsonNode element : node) {
                if (element.isArray()) {
                    flatten(element, into, depth + 1);
                } else {
                    if (into.size() >= declared) {
                        throw MarqueeException.invalid(
                                "input '%s': data has more elements than its shape declares", name);
                    }
                    into.add(element);
                }
            }
        }

        private double treeNumber(int position, JsonNode element) {
            if (element.isIntegralNumber()) {
                return element.canConvertToLong()
                        ? datatype.requireInRange(name, position, element.longValue())
                        : datatype.requireInRange(name, position, element.bigIntegerValue());
            }
            if (element.isNumber() && !datatype.isInteger()) {
                return datatype.requireInRange(name, position, element.doubleValue());
            }
            throw wrongElement(position, element);
        }

        /** A streamed element of a numeric tensor, checked against the datatype's range as every transport does. */
        private double streamedNumber(JsonParser parser, JsonToken token, int position) throws IOException {
            if (token == JsonToken.VALUE_NUMBER_INT) {
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? datatype.requireInRange(name, position, parser.getBigIntegerValue())
                        : datatype.requireInRange(name, position, parser.getLongValue());
            }
            if (token == JsonToken.VALUE_NUMBER_FLOAT && !datatype.isInteger()) {
                return datatype.requireInRange(name, position, parser.getDoubleValue());
            }
            throw wrongElement(position, parser.readValueAsTree());
        }

        private MarqueeException wrongElement(int position, JsonNode element) {
            String found = element.getNodeType() == JsonNodeType.STRING
                    ? "string " + element
                    : element.getNodeType().name().toLowerCase(Locale.ROOT) + " " + element;
            return MarqueeException.invalid(
                    "input '%s' element %d: %s is not a %s value", name, position, found, datatype);
        }
    }

    /** Collects a streamed tensor's elements into the array of its kind. */
    private sealed interface ElementSink {
        void accept(TensorReader tensor, JsonParser parser, JsonToken token, int position) throws IOException;

        TensorData data();
    }

    private record NumberSink(double[] values) implements ElementSink {
        NumberSink(int size) {
            this(new double[size]);
        }

        @Override
        public void accept(TensorReader tensor, JsonParser parser, JsonToken token, int position) throws IOException {
            values[position] = tensor.streamedNumber(parser, token, position);
        }

        @Override
        public TensorData data() {
            return new TensorData.Numbers(values);
        }
    }

    private record BooleanSink(boolean[] values) implements ElementSink {
        BooleanSink(int size) {
            this(new boolean[size]);
        }

        @Override
        public void accept(TensorReader tensor, JsonParser parser, JsonToken token, int position) throws IOException {
            switch (token) {
                case VALUE_TRUE -> values[position] = true;
                case VALUE_FALSE -> values[position] = false;
                default -> throw tensor.wrongElement(position, parser.readValueAsTree());
            }
        }

        @Override
        public TensorData data() {
            return new TensorData.Booleans(values);
        }
    }

    private record StringSink(String[] values) implements ElementSink {
        StringSink(int size) {
            this(new String[size]);
        }

        @Override
        public void accept(TensorReader tensor, JsonParser parser, JsonToken token, int position) throws IOException {
            if (token != JsonToken.VALUE_STRING) {
                throw tensor.wrongElement(position, parser.readValueAsTree());
            }
            values[position] = parser.getText();
        }

        @Override
        public TensorData data() {
            return new TensorData.Strings(values);
        }
    }
}
