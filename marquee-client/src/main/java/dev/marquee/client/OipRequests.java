package dev.marquee.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds Open Inference Protocol request bodies from rows of text values, using a model's metadata. */
public final class OipRequests {
    private OipRequests() {}

    /**
     * One tensor per model input, typed as the metadata says (FP64/FP32/INT → numbers, BOOL → booleans, BYTES →
     * strings).
     *
     * @param metadata the {@code GET /v2/models/{name}} answer
     * @param rows one map per row, input name → value as text
     * @throws IllegalArgumentException naming the row and input when a value is missing or does not parse
     */
    public static Map<String, Object> fromRows(JsonNode metadata, List<Map<String, String>> rows) {
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (JsonNode input : metadata.path("inputs")) {
            String name = input.path("name").asText();
            String datatype = input.path("datatype").asText();
            List<Object> data = new ArrayList<>(rows.size());
            for (int row = 0; row < rows.size(); row++) {
                String value = rows.get(row).get(name);
                if (value == null) {
                    throw new IllegalArgumentException("row %d has no value for input '%s'".formatted(row + 1, name));
                }
                data.add(parse(datatype, name, row, value));
            }
            Map<String, Object> tensor = new LinkedHashMap<>();
            tensor.put("name", name);
            tensor.put("datatype", datatype);
            tensor.put("shape", List.of(rows.size()));
            tensor.put("data", data);
            inputs.add(tensor);
        }
        return Map.of("inputs", inputs);
    }

    private static Object parse(String datatype, String name, int row, String value) {
        try {
            return switch (datatype) {
                case "BOOL" -> switch (value.toLowerCase(Locale.ROOT)) {
                    case "true", "1", "yes" -> true;
                    case "false", "0", "no" -> false;
                    default -> throw new IllegalArgumentException("not a boolean");
                };
                case "BYTES" -> value;
                case "FP16", "FP32", "FP64" -> Double.parseDouble(value);
                default -> Long.parseLong(value);
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "row %d input '%s': '%s' is not a %s value".formatted(row + 1, name, value, datatype), e);
        }
    }
}
