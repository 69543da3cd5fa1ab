package dev.marquee.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.PreprocessingOptions;
import dev.marquee.recommend.RatingScale;
import dev.marquee.training.EvaluationProtocol;
import dev.marquee.training.RecommenderAlgorithms;
import dev.marquee.training.RecommenderJobRequest;
import dev.marquee.training.SearchMethod;
import dev.marquee.training.SearchSpace;
import dev.marquee.training.SplitMethod;
import dev.marquee.training.TrainingJobRequest;
import dev.marquee.training.TrainingSpec;
import dev.marquee.training.TuningSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads the JSON body of {@code POST /v1/training-jobs} into a {@link TrainingJobRequest}; every missing or
 * mistyped field is an INVALID_ARGUMENT naming it (nested fields as {@code tuning.space.max_depth.min}).
 */
final class TrainingRequests {
    static final long DEFAULT_SEED = 42;
    private static final Set<String> RANGE_FIELDS = Set.of("min", "max", "log", "integer");

    private TrainingRequests() {}

    static TrainingJobRequest read(JsonNode body) {
        return new TrainingJobRequest(
                JsonFields.requiredText(body, "dataset_id"),
                JsonFields.requiredText(body, "model_name"),
                JsonFields.requiredText(body, "target"),
                JsonFields.requiredText(body, "algorithm"),
                JsonFields.scalarMap(body, "parameters"),
                JsonFields.optionalLong(body, "seed").orElse(DEFAULT_SEED),
                JsonFields.optionalDouble(body, "test_fraction").orElse(TrainingSpec.DEFAULT_TEST_FRACTION),
                JsonFields.optionalTask(body, "task"),
                JsonFields.rowNumbers(body, "test_rows"),
                JsonFields.optionalText(body, "split").map(SplitMethod::fromName).orElse(SplitMethod.RANDOM),
                JsonFields.optionalText(body, "time_column"),
                optionalInt(body, "folds", "folds"),
                tuning(body.get("tuning")),
                PreprocessingOptions.fromJson(body.path("preprocessing")));
    }

    /**
     * Reads a recommender job: {@code dataset_id}, {@code model_name}, {@code algorithm}, optional {@code parameters},
     * {@code seed}, {@code protocol} (the algorithm's default when absent), {@code k}, {@code tuning},
     * {@code catalogue_dataset_id}, and for rating prediction {@code folds} and {@code rating_scale}. Tabular-only
     * fields are INVALID_ARGUMENT naming them.
     */
    static RecommenderJobRequest readRecommender(JsonNode body) {
        for (String field : List.of("target", "task", "test_rows", "test_fraction", "split", "time_column",
                "preprocessing")) {
            if (body.has(field)) {
                throw MarqueeException.invalid("'%s' does not apply to recommender algorithms", field);
            }
        }
        String algorithm = JsonFields.requiredText(body, "algorithm");
        return new RecommenderJobRequest(
                JsonFields.requiredText(body, "dataset_id"),
                JsonFields.requiredText(body, "model_name"),
                algorithm,
                JsonFields.scalarMap(body, "parameters"),
                JsonFields.optionalLong(body, "seed").orElse(DEFAULT_SEED),
                JsonFields.optionalText(body, "protocol").map(EvaluationProtocol::fromName)
                        .orElse(RecommenderAlgorithms.defaultProtocol(algorithm)),
                optionalInt(body, "k", "k").orElse(RecommenderJobRequest.DEFAULT_K),
                tuning(body.get("tuning")),
                JsonFields.optionalText(body, "catalogue_dataset_id"),
                optionalInt(body, "folds", "folds"),
                ratingScale(body.get("rating_scale")));
    }

    /** {@code {"min": .., "max": ..}}: the rating scale of a rating-prediction job. */
    private static Optional<RatingScale> ratingScale(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw MarqueeException.invalid("'rating_scale' must be an object with min and max");
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!entry.getKey().equals("min") && !entry.getKey().equals("max")) {
                throw MarqueeException.invalid("'rating_scale' has unknown field '%s'; it has min and max",
                        entry.getKey());
            }
        }
        double min = number(node, "rating_scale", "min");
        double max = number(node, "rating_scale", "max");
        try {
            return Optional.of(new RatingScale(min, max));
        } catch (MarqueeException e) {
            throw MarqueeException.invalid("'rating_scale': %s", e.getMessage());
        }
    }

    private static Optional<TuningSpec> tuning(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw MarqueeException.invalid("'tuning' must be an object");
        }
        JsonNode space = node.get("space");
        if (space == null || !space.isObject()) {
            throw MarqueeException.invalid("'tuning.space' must be an object of parameter name to values or range");
        }
        Map<String, SearchSpace> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : space.properties()) {
            parameters.put(entry.getKey(), searchSpace("tuning.space." + entry.getKey(), entry.getValue()));
        }
        return Optional.of(new TuningSpec(
                parameters,
                JsonFields.optionalText(node, "method").map(SearchMethod::fromName)
                        .orElse(SearchMethod.GRID),
                optionalInt(node, "trials", "tuning.trials").orElse(TuningSpec.DEFAULT_TRIALS),
                JsonFields.optionalText(node, "metric"),
                JsonFields.optionalDouble(node, "validation_fraction")
                        .map(OptionalDouble::of)
                        .orElse(OptionalDouble.empty()),
                optionalInt(node, "parallelism", "tuning.parallelism")
                        .orElse(Runtime.getRuntime().availableProcessors())));
    }

    /** A list of values ({@code [..]} or {@code {"values": [..]}}) or a range ({@code {"min", "max", ...}}). */
    private static SearchSpace searchSpace(String field, JsonNode node) {
        if (node.isArray()) {
            return values(field, node);
        }
        if (!node.isObject()) {
            throw MarqueeException.invalid("'%s' must be an array of values or an object with values or min and max",
                    field);
        }
        if (node.has("values")) {
            return values(field + ".values", node.get("values"));
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!RANGE_FIELDS.contains(entry.getKey())) {
                throw MarqueeException.invalid("'%s' has unknown field '%s'; a range has min, max, log, integer",
                        field, entry.getKey());
            }
        }
        double min = number(node, field, "min");
        double max = number(node, field, "max");
        try {
            return new SearchSpace.Range(min, max, flag(node, field, "log"), flag(node, field, "integer"));
        }
        catch (MarqueeException e) {
            throw MarqueeException.invalid("'%s': %s", field, e.getMessage());
        }
    }

    private static SearchSpace values(String field, JsonNode array) {
        if (!array.isArray() || array.isEmpty()) {
            throw MarqueeException.invalid("'%s' must be a non-empty array of strings, numbers or booleans", field);
        }
        List<String> values = new ArrayList<>();
        for (JsonNode value : array) {
            if (!value.isValueNode() || value.isNull()) {
                throw MarqueeException.invalid("'%s' must hold strings, numbers or booleans, found %s", field, value);
            }
            values.add(value.asText());
        }
        return new SearchSpace.Values(values);
    }

    private static double number(JsonNode node, String field, String name) {
        JsonNode value = node.get(name);
        if (value == null || !value.isNumber()) {
            throw MarqueeException.invalid("'%s.%s' must be a number", field, name);
        }
        return value.asDouble();
    }

    private static boolean flag(JsonNode node, String field, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw MarqueeException.invalid("'%s.%s' must be true or false", field, name);
        }
        return value.asBoolean();
    }

    private static OptionalInt optionalInt(JsonNode node, String name, String field) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return OptionalInt.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw MarqueeException.invalid("'%s' must be an integer", field);
        }
        return OptionalInt.of(value.intValue());
    }
}
