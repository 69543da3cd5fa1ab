package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marquee.core.ErrorCode;
import dev.marquee.core.Json;
import dev.marquee.core.MarqueeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link RequestLogEvent} into one JSON line of at most {@code maxEntryBytes} bytes (newline included):
 * personal tensors and parameters pseudonymised element by element, tensors cut down (longest first) until the line
 * fits, and when even empty tensors do not fit, request and response left out; any cut sets
 * {@code "truncated": true}. Thread-safe.
 */
final class RequestLogEncoder {
    /** Longest request id kept; longer ones are cut (and the entry marked truncated). */
    static final int MAX_REQUEST_ID_CHARS = 256;
    /** Longest parameter text value kept. */
    static final int MAX_PARAMETER_CHARS = 256;

    private final ObjectMapper mapper = Json.newObjectMapper();
    private final Pseudonyms pseudonyms;
    private final int maxEntryBytes;

    RequestLogEncoder(Pseudonyms pseudonyms, int maxEntryBytes) {
        this.pseudonyms = requireNonNull(pseudonyms, "pseudonyms is null");
        this.maxEntryBytes = maxEntryBytes;
    }

    byte[] encode(RequestLogEvent event, RequestLogPolicy policy) {
        // No element is shorter than one character plus its comma, so more than this many can never fit.
        int elementCap = maxEntryBytes / 2;
        Redaction redaction = new Redaction(policy, pseudonyms.hasher(event.tenantId()));
        List<ArrayNode> dataArrays = new ArrayList<>();
        ObjectNode root = mapper.createObjectNode();
        root.put("time", event.time().toString());
        root.put("tenant", event.tenantId());
        root.put("endpoint", event.endpoint());
        root.put("model", event.model());
        root.put("version", event.version());
        boolean truncated = false;
        if (event.requestId().isPresent()) {
            String id = event.requestId().get();
            truncated = id.length() > MAX_REQUEST_ID_CHARS;
            root.put("request_id", truncated ? id.substring(0, MAX_REQUEST_ID_CHARS) : id);
        }
        root.put("latency_ms", event.latency().toNanos() / 1e6);
        root.put("status", event.status());
        event.error().map(ErrorCode::name).ifPresent(code -> root.put("error_code", code));
        root.put("truncated", false);
        if (event.request().isPresent()) {
            InferenceRequest request = event.request().get();
            ObjectNode node = root.putObject("request");
            ArrayNode inputs = node.putArray("inputs");
            for (InferenceTensor tensor : request.inputs()) {
                truncated |= tensor(inputs.addObject(), tensor, redaction, elementCap, dataArrays);
            }
            if (!request.requestedOutputs().isEmpty()) {
                ArrayNode outputs = node.putArray("outputs");
                request.requestedOutputs().forEach(outputs::add);
            }
            if (!request.parameters().isEmpty()) {
                truncated |= parameters(node.putObject("parameters"), request.parameters(), redaction);
            }
        }
        if (event.response().isPresent()) {
            ArrayNode outputs = root.putObject("response").putArray("outputs");
            for (InferenceTensor tensor : event.response().get().outputs()) {
                truncated |= tensor(outputs.addObject(), tensor, redaction, elementCap, dataArrays);
            }
        }
        root.put("truncated", truncated);
        byte[] line = write(root);
        while (line.length + 1 > maxEntryBytes) {
            int longest = dataArrays.stream().mapToInt(ArrayNode::size).max().orElse(0);
            if (longest == 0) {
                root.remove("request");
                root.remove("response");
                root.put("truncated", true);
                line = write(root);
                break;
            }
            int keep = longest / 2;
            for (ArrayNode data : dataArrays) {
                while (data.size() > keep) {
                    data.remove(data.size() - 1);
                }
            }
            root.put("truncated", true);
            line = write(root);
        }
        byte[] withNewline = Arrays.copyOf(line, line.length + 1);
        withNewline[line.length] = '\n';
        return withNewline;
    }

    /** Writes a tensor with at most {@code cap} elements; true when it had more. */
    private static boolean tensor(
            ObjectNode node, InferenceTensor tensor, Redaction redaction, int cap, List<ArrayNode> dataArrays) {
        node.put("name", tensor.name());
        node.put("datatype", tensor.datatype().name());
        ArrayNode shape = node.putArray("shape");
        tensor.shape().forEach(shape::add);
        boolean personal = redaction.policy().isPersonal(tensor.name());
        if (personal) {
            node.put("redacted", "hmac-sha256");
        }
        ArrayNode data = node.putArray("data");
        dataArrays.add(data);
        int count = Math.min(tensor.data().length(), cap);
        switch (tensor.data()) {
            case TensorData.Numbers numbers -> {
                for (int index = 0; index < count; index++) {
                    double value = numbers.values()[index];
                    if (personal) {
                        data.add(redaction.hasher().pseudonym(numberText(tensor.datatype(), value)));
                    } else {
                        switch (tensor.datatype()) {
                            case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64 -> data.add((long) value);
                            case FP16, FP32 -> data.add((float) value);
                            case FP64, BOOL, BYTES -> data.add(value);
                        }
                    }
                }
            }
            case TensorData.Booleans booleans -> {
                for (int index = 0; index < count; index++) {
                    boolean value = booleans.values()[index];
                    if (personal) {
                        data.add(redaction.hasher().pseudonym(Boolean.toString(value)));
                    } else {
                        data.add(value);
                    }
                }
            }
            case TensorData.Strings strings -> {
                for (int index = 0; index < count; index++) {
                    String value = strings.values()[index];
                    data.add(personal ? redaction.hasher().pseudonym(value) : value);
                }
            }
        }
        return count < tensor.data().length();
    }

    /** The text a numeric personal value is hashed as: integers without a fraction, so 42 and 42.0 agree. */
    private static String numberText(Datatype datatype, double value) {
        return datatype.isInteger() || value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : Double.toString(value);
    }

    private static boolean parameters(ObjectNode node, Map<String, Object> parameters, Redaction redaction) {
        boolean truncated = false;
        for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            Object value = parameter.getValue();
            if (redaction.policy().isPersonal(name)) {
                node.put(name, redaction.hasher().pseudonym(String.valueOf(value)));
            } else {
                switch (value) {
                    case Boolean flag -> node.put(name, flag);
                    case Integer number -> node.put(name, number);
                    case Long number -> node.put(name, number);
                    case Double number -> node.put(name, number);
                    case Number number -> node.put(name, number.toString());
                    default -> {
                        String text = String.valueOf(value);
                        boolean cut = text.length() > MAX_PARAMETER_CHARS;
                        truncated |= cut;
                        node.put(name, cut ? text.substring(0, MAX_PARAMETER_CHARS) : text);
                    }
                }
            }
        }
        return truncated;
    }

    private byte[] write(ObjectNode root) {
        try {
            return mapper.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new MarqueeException(ErrorCode.INTERNAL, "cannot write a request log entry", e);
        }
    }

    private record Redaction(RequestLogPolicy policy, Pseudonyms.Hasher hasher) {}
}
