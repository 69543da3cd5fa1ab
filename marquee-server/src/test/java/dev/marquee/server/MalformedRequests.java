package dev.marquee.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marquee.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A seeded generator of malformed Open Inference Protocol requests derived from one valid request: byte-level
 * mutations and truncations, random values at random places of the tree, hostile shapes (huge, negative, mismatched),
 * wrong and unknown datatypes, NaN/Infinity spellings, deep nesting and odd top-level values. The same seed gives the
 * same cases, so a failure replays.
 */
final class MalformedRequests {
    private static final List<String> DATATYPES = List.of(
            "BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16", "FP32", "FP64",
            "BYTES", "BF16", "FLOAT", "", "fp64", "STRING");
    private static final List<String> NUMBER_SPELLINGS = List.of(
            "NaN", "Infinity", "-Infinity", "1e400", "-1e400", "99999999999999999999999", "-0", "1e-400",
            "0x10", "1_000", "+1", ".5", "1.", "01");

    private final ObjectMapper mapper = Json.newObjectMapper();
    private final ObjectNode valid;
    private final SplittableRandom random;

    /** One generated case: what it does (for the failure message) and the body bytes. */
    record Case(String description, byte[] body) {
        Case {
            requireNonNull(description, "description is null");
            requireNonNull(body, "body is null");
        }
    }

    MalformedRequests(String validRequest, long seed) {
        this.valid = (ObjectNode) Json.readRequestBody(mapper, validRequest.getBytes(StandardCharsets.UTF_8));
        this.random = new SplittableRandom(seed);
    }

    List<Case> generate(int count) {
        List<Case> cases = new ArrayList<>(count);
        for (int index = 0; index < count; index++) {
            cases.add(next(index));
        }
        return cases;
    }

    private Case next(int index) {
        return switch (index % 8) {
            case 0 -> byteMutation();
            case 1 -> truncation();
            case 2 -> randomValueSomewhere();
            case 3 -> hostileShape();
            case 4 -> wrongDatatype();
            case 5 -> hostileNumber();
            case 6 -> deepNesting();
            default -> oddDocument();
        };
    }

    private byte[] validBytes() {
        return valid.toString().getBytes(StandardCharsets.UTF_8);
    }

    private Case byteMutation() {
        byte[] body = validBytes();
        int mutations = 1 + random.nextInt(8);
        for (int mutation = 0; mutation < mutations; mutation++) {
            body[random.nextInt(body.length)] = (byte) random.nextInt(256);
        }
        return new Case(mutations + " random bytes", body);
    }

    private Case truncation() {
        byte[] body = validBytes();
        int length = random.nextInt(body.length);
        return new Case("truncated to " + length + " bytes", Arrays.copyOf(body, length));
    }

    private ObjectNode copyWithTensor(Consumer<ObjectNode> change) {
        ObjectNode copy = valid.deepCopy();
        ArrayNode inputs = (ArrayNode) copy.get("inputs");
        change.accept((ObjectNode) inputs.get(random.nextInt(inputs.size())));
        return copy;
    }

    private Case randomValueSomewhere() {
        ObjectNode copy = valid.deepCopy();
        List<JsonNode> containers = new ArrayList<>();
        collectContainers(copy, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        JsonNode value = randomValue(3);
        if (target instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            String name = names.isEmpty() || random.nextInt(4) == 0 ? "extra" : names.get(random.nextInt(names.size()));
            object.set(name, value);
        }
        else if (target instanceof ArrayNode array && !array.isEmpty()) {
            array.set(random.nextInt(array.size()), value);
        }
        return new Case("random value " + value, copy.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void collectContainers(JsonNode node, List<JsonNode> containers) {
        if (node.isContainerNode()) {
            containers.add(node);
            node.forEach(child -> collectContainers(child, containers));
        }
    }

    private JsonNode randomValue(int depth) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (random.nextInt(depth > 0 ? 9 : 7)) {
            case 0 -> nodes.nullNode();
            case 1 -> nodes.booleanNode(random.nextBoolean());
            case 2 -> nodes.numberNode(random.nextLong());
            case 3 -> nodes.numberNode(random.nextDouble() * Math.pow(10, random.nextInt(-300, 300)));
            case 4 -> nodes.textNode(randomText());
            case 5 -> nodes.numberNode(-random.nextInt(1000));
            case 6 -> nodes.textNode("");
            case 7 -> {
                ArrayNode array = nodes.arrayNode();
                for (int item = random.nextInt(4); item > 0; item--) {
                    array.add(randomValue(depth - 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = nodes.objectNode();
                for (int item = random.nextInt(3); item > 0; item--) {
                    object.set(randomText(), randomValue(depth - 1));
                }
                yield object;
            }
        };
    }

    private String randomText() {
        int length = random.nextInt(12);
        StringBuilder text = new StringBuilder(length);
        for (int index = 0; index < length; index++) {
            text.appendCodePoint(random.nextInt(4) == 0 ? random.nextInt(0x20, 0x2FFF) : random.nextInt('a', 'z' + 1));
        }
        return text.toString();
    }

    private Case hostileShape() {
        long[] candidates = {-1, 0, 2, 3, 1_000_000_000_000L, Long.MAX_VALUE, Integer.MAX_VALUE, 65_536, 4_000_000_000L};
        ObjectNode copy = copyWithTensor(tensor -> {
            ArrayNode shape = tensor.putArray("shape");
            for (int dimension = random.nextInt(5); dimension >= 0; dimension--) {
                shape.add(candidates[random.nextInt(candidates.length)]);
            }
        });
        return new Case("hostile shape", copy.toString().getBytes(StandardCharsets.UTF_8));
    }

    private Case wrongDatatype() {
        String datatype = DATATYPES.get(random.nextInt(DATATYPES.size()));
        ObjectNode copy = copyWithTensor(tensor -> tensor.put("datatype", datatype));
        return new Case("datatype " + datatype, copy.toString().getBytes(StandardCharsets.UTF_8));
    }

    private Case hostileNumber() {
        String spelling = NUMBER_SPELLINGS.get(random.nextInt(NUMBER_SPELLINGS.size()));
        String body = valid.toString();
        int data = body.indexOf("\"data\":[");
        if (data < 0) {
            return new Case("number " + spelling, body.getBytes(StandardCharsets.UTF_8));
        }
        int start = data + "\"data\":[".length();
        int end = start;
        while (end < body.length() && body.charAt(end) != ',' && body.charAt(end) != ']') {
            end++;
        }
        String mutated = body.substring(0, start) + spelling + body.substring(end);
        return new Case("number " + spelling, mutated.getBytes(StandardCharsets.UTF_8));
    }

    private Case deepNesting() {
        int depth = 100 + random.nextInt(20_000);
        String nested = "[".repeat(depth) + "1" + "]".repeat(random.nextInt(4) == 0 ? depth / 2 : depth);
        String body = valid.toString();
        int data = body.indexOf("\"data\":");
        String mutated = data < 0 ? nested
                : body.substring(0, data) + "\"data\":" + nested + body.substring(body.indexOf(']', data) + 1);
        return new Case("nesting depth " + depth, mutated.getBytes(StandardCharsets.UTF_8));
    }

    private Case oddDocument() {
        List<String> documents = List.of("", " ", "null", "[]", "{}", "\"inputs\"", "42", "{\"inputs\":null}",
                "{\"inputs\":{}}", "{\"inputs\":[]}", "{\"inputs\":[null]}", "{\"inputs\":[1,2]}",
                "{\"inputs\":[{}]}", "{\"id\":5,\"inputs\":[]}", "\u0000\u0001", "{\"inputs\":[{\"name\":\"x\"}]}",
                "{\"outputs\":7," + valid.toString().substring(1), "{\"parameters\":[]," + valid.toString().substring(1),
                "{\"inputs\"" + ":".repeat(random.nextInt(1, 4)) + "[]}");
        String document = documents.get(random.nextInt(documents.size()));
        return new Case("document " + document.substring(0, Math.min(40, document.length())),
                document.getBytes(StandardCharsets.UTF_8));
    }
}
