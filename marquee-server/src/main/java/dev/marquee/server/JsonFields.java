package dev.marquee.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads typed fields from a JSON request object; a missing or mistyped field is INVALID_ARGUMENT naming it. */
final class JsonFields {
    private JsonFields() {}

    static String requiredText(JsonNode body, String field) {
        return optionalText(body, field).orElseThrow(() -> MarqueeException.invalid("'%s' is required", field));
    }

    static Optional<String> optionalText(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw MarqueeException.invalid("'%s' must be a string", field);
        }
        return Optional.of(node.asText());
    }

    static Optional<Long> optionalLong(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw MarqueeException.invalid("'%s' must be an integer", field);
        }
        return Optional.of(node.asLong());
    }

    static Optional<Double> optionalDouble(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isNumber()) {
            throw MarqueeException.invalid("'%s' must be a number", field);
        }
        return Optional.of(node.asDouble());
    }

    /** A string or an integer, as text (a version number or an alias). */
    static Optional<String> optionalReference(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isIntegralNumber()) {
            return Optional.of(node.asText());
        }
        if (node.isTextual()) {
            return Optional.of(node.asText());
        }
        throw MarqueeException.invalid("'%s' must be a version number or an alias name", field);
    }

    /** An object of scalar values, as text (hyper-parameters). */
    static Map<String, String> scalarMap(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw MarqueeException.invalid("'%s' must be an object", field);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
                throw MarqueeException.invalid("'%s.%s' must be a string, number or boolean", field, entry.getKey());
            }
            values.put(entry.getKey(), entry.getValue().asText());
        }
        return values;
    }

    static List<String> textList(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw MarqueeException.invalid("'%s' must be an array of strings", field);
        }
        List<String> values = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw MarqueeException.invalid("'%s' must be an array of strings", field);
            }
            values.add(element.asText());
        }
        return values;
    }

    /** An array of non-negative integers (row numbers); absent is empty. */
    static List<Integer> rowNumbers(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw MarqueeException.invalid("'%s' must be an array of row numbers", field);
        }
        List<Integer> values = new ArrayList<>(node.size());
        for (JsonNode element : node) {
            if (!element.isIntegralNumber() || !element.canConvertToInt() || element.intValue() < 0) {
                throw MarqueeException.invalid(
                        "'%s' must be an array of row numbers (integers >= 0); found %s", field, element);
            }
            values.add(element.intValue());
        }
        return values;
    }

    /** A task name, {@code classification} or {@code regression}, in any case; absent is empty. */
    static Optional<Task> optionalTask(JsonNode body, String field) {
        return optionalText(body, field).map(text -> switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "classification" -> Task.CLASSIFICATION;
            case "regression" -> Task.REGRESSION;
            default -> throw MarqueeException.invalid(
                    "'%s' must be 'classification' or 'regression', was '%s'", field, text);
        });
    }
}
