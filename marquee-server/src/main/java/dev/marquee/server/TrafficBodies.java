package dev.marquee.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.core.MarqueeException;
import dev.marquee.runtime.FeedbackRequest;
import dev.marquee.runtime.RouteRequest;
import dev.marquee.runtime.ShadowRequest;
import dev.marquee.store.EndpointBatching;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the traffic parts of endpoint request bodies ({@code routes}, {@code shadows}, {@code batching}) and feedback
 * bodies; every malformed value is INVALID_ARGUMENT naming its field as a path ({@code routes[1].weight}).
 */
final class TrafficBodies {
    private TrafficBodies() {}

    /** The {@code routes} array; absent is empty. */
    static List<RouteRequest> routes(JsonNode body) {
        List<RouteRequest> routes = new ArrayList<>();
        List<JsonNode> elements = array(body, "routes");
        for (int index = 0; index < elements.size(); index++) {
            String field = "routes[%d]".formatted(index);
            JsonNode route = object(elements.get(index), field);
            routes.add(new RouteRequest(
                    optionalText(route, field, "name"),
                    requiredText(route, field, "model"),
                    requiredReference(route, field),
                    requiredNumber(route, field, "weight")));
        }
        return routes;
    }

    /** The {@code shadows} array, or empty when the body has none. */
    static Optional<List<ShadowRequest>> shadows(JsonNode body) {
        if (isAbsent(body.get("shadows"))) {
            return Optional.empty();
        }
        List<ShadowRequest> shadows = new ArrayList<>();
        List<JsonNode> elements = array(body, "shadows");
        for (int index = 0; index < elements.size(); index++) {
            String field = "shadows[%d]".formatted(index);
            JsonNode shadow = object(elements.get(index), field);
            shadows.add(new ShadowRequest(
                    optionalText(shadow, field, "name"),
                    requiredText(shadow, field, "model"),
                    requiredReference(shadow, field),
                    requiredNumber(shadow, field, "percent")));
        }
        return Optional.of(shadows);
    }

    /** The {@code batching} object; absent or null is no batching. */
    static Optional<EndpointBatching> batching(JsonNode body) {
        JsonNode node = body.get("batching");
        if (isAbsent(node)) {
            return Optional.empty();
        }
        JsonNode batching = object(node, "batching");
        return Optional.of(new EndpointBatching(
                Math.toIntExact(requiredInteger(batching, "batching", "max_batch_size", Integer.MAX_VALUE)),
                requiredInteger(batching, "batching", "max_queue_delay_ms", Long.MAX_VALUE)));
    }

    /** {@code {"id" | "routing_key", "reward" | "outcome"}}. */
    static FeedbackRequest feedback(JsonNode body) {
        Optional<String> id = optionalText(body, "", "id");
        Optional<String> routingKey = optionalText(body, "", "routing_key");
        JsonNode reward = body.get("reward");
        JsonNode outcome = body.get("outcome");
        if (isAbsent(reward) == isAbsent(outcome)) {
            throw MarqueeException.invalid(
                    "feedback needs exactly one of 'reward' (a number) and 'outcome' (true or false)");
        }
        double value;
        if (!isAbsent(reward)) {
            value = requiredNumber(body, "", "reward");
        } else if (outcome.isBoolean()) {
            value = outcome.booleanValue() ? 1 : 0;
        } else {
            throw MarqueeException.invalid("'outcome' must be true or false");
        }
        return new FeedbackRequest(id, routingKey, value);
    }

    private static List<JsonNode> array(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (isAbsent(node)) {
            return List.of();
        }
        if (!node.isArray()) {
            throw MarqueeException.invalid("'%s' must be an array of objects", field);
        }
        List<JsonNode> elements = new ArrayList<>();
        node.forEach(elements::add);
        return elements;
    }

    private static JsonNode object(JsonNode node, String field) {
        if (!node.isObject()) {
            throw MarqueeException.invalid("'%s' must be an object", field);
        }
        return node;
    }

    private static String path(String parent, String field) {
        return parent.isEmpty() ? field : parent + "." + field;
    }

    private static Optional<String> optionalText(JsonNode node, String parent, String field) {
        JsonNode value = node.get(field);
        if (isAbsent(value)) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw MarqueeException.invalid("'%s' must be a string", path(parent, field));
        }
        return Optional.of(value.asText());
    }

    private static String requiredText(JsonNode node, String parent, String field) {
        return optionalText(node, parent, field)
                .orElseThrow(() -> MarqueeException.invalid("'%s' is required", path(parent, field)));
    }

    private static String requiredReference(JsonNode node, String parent) {
        JsonNode value = node.get("version");
        if (isAbsent(value)) {
            throw MarqueeException.invalid(
                    "'%s' is required: a version number or an alias", path(parent, "version"));
        }
        if (value.isIntegralNumber() || value.isTextual()) {
            return value.asText();
        }
        throw MarqueeException.invalid("'%s' must be a version number or an alias name", path(parent, "version"));
    }

    private static double requiredNumber(JsonNode node, String parent, String field) {
        JsonNode value = node.get(field);
        if (isAbsent(value)) {
            throw MarqueeException.invalid("'%s' is required", path(parent, field));
        }
        if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
            throw MarqueeException.invalid("'%s' must be a finite number", path(parent, field));
        }
        return value.asDouble();
    }

    private static long requiredInteger(JsonNode node, String parent, String field, long maximum) {
        JsonNode value = node.get(field);
        if (isAbsent(value)) {
            throw MarqueeException.invalid("'%s' is required", path(parent, field));
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() > maximum) {
            throw MarqueeException.invalid("'%s' must be an integer up to %d", path(parent, field), maximum);
        }
        return value.asLong();
    }

    private static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull();
    }
}
