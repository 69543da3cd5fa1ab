package dev.marquee.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.core.MarqueeException;
import dev.marquee.recommend.BusinessRules;
import dev.marquee.recommend.Catalogue;
import dev.marquee.recommend.ItemFilters;
import dev.marquee.recommend.Interactions;
import dev.marquee.recommend.RecommendQuery;
import dev.marquee.runtime.RecommenderServedModel;
import dev.marquee.runtime.RecommendingModel;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Reads the JSON bodies of the recommendation routes ({@code /recommend}, {@code /similar}, {@code /interactions})
 * into engine queries, and checks them against the model that will answer. Every problem is INVALID_ARGUMENT naming
 * the field by its JSON path ({@code rules.pin[1].position}); unknown fields are refused too, so a misspelt option
 * never goes silently unused.
 */
final class RecommendBodies {
    static final int DEFAULT_K = 10;
    static final int MAX_EXPLAIN = 20;
    private static final Set<String> RECOMMEND_FIELDS = Set.of("id", "user_id", "history", "k", "exclude_seen",
            "filters", "rules", "diversity", "explain");
    private static final Set<String> FILTER_FIELDS = Set.of("genres", "exclude_genres", "region", "date",
            "max_maturity");
    private static final Set<String> RULE_FIELDS = Set.of("boost", "bury", "pin");
    private static final Set<String> BOOST_FIELDS = Set.of("items", "genres", "factor", "mode");
    private static final Set<String> SELECTOR_FIELDS = Set.of("items", "genres");
    private static final Set<String> PIN_FIELDS = Set.of("item", "position");
    private static final Set<String> SIMILAR_FIELDS = Set.of("item_id", "k", "filters");

    private RecommendBodies() {}

    /** A parsed {@code /recommend} body: the engine query and the optional request id (for experiments). */
    record Recommend(RecommendQuery query, Optional<String> requestId) {}

    /** A parsed {@code /similar} body. */
    record Similar(String itemId, int k, ItemFilters filters) {}

    static Recommend recommend(JsonNode body, Clock clock) {
        requireObject(body, "request body");
        allowOnly(body, RECOMMEND_FIELDS, "");
        Optional<String> userId = text(body, "user_id", "user_id");
        userId.ifPresent(id -> notBlank(id, "user_id"));
        List<String> history = texts(body, "history", "history");
        int k = k(body);
        boolean excludeSeen = bool(body, "exclude_seen", "exclude_seen").orElse(true);
        ItemFilters filters = filters(body.get("filters"), "filters", clock);
        BusinessRules rules = rules(body.get("rules"));
        OptionalDouble diversity = OptionalDouble.empty();
        Optional<Double> lambda = number(body, "diversity", "diversity");
        if (lambda.isPresent()) {
            if (!(lambda.get() >= 0 && lambda.get() <= 1)) {
                throw MarqueeException.invalid("'diversity' must be between 0 and 1: %s", lambda.get());
            }
            diversity = OptionalDouble.of(lambda.get());
        }
        int explain = integer(body, "explain", "explain").orElse(0);
        if (explain < 0 || explain > MAX_EXPLAIN) {
            throw MarqueeException.invalid("'explain' must be between 0 and %d: %d", MAX_EXPLAIN, explain);
        }
        Optional<String> requestId = text(body, "id", "id");
        requestId.ifPresent(id -> notBlank(id, "id"));
        return new Recommend(new RecommendQuery(userId, history, k, excludeSeen, filters, rules, diversity, explain),
                requestId);
    }

    static Similar similar(JsonNode body, Clock clock) {
        requireObject(body, "request body");
        allowOnly(body, SIMILAR_FIELDS, "");
        String itemId = text(body, "item_id", "item_id")
                .orElseThrow(() -> MarqueeException.invalid("'item_id' is required"));
        notBlank(itemId, "item_id");
        return new Similar(itemId, k(body), filters(body.get("filters"), "filters", clock));
    }

    /**
     * Checks a query against the recommender that will answer it: rule and pin items must be items of the model,
     * genres must be genres of the catalogue, the maximum maturity must be on its scale, and filters or genre rules
     * need a catalogue.
     */
    static void check(RecommendQuery query, RecommendingModel model) {
        checkFilters(query.filters(), "filters", model);
        BusinessRules rules = query.rules();
        for (int index = 0; index < rules.boosts().size(); index++) {
            checkSelector(rules.boosts().get(index).selector(), "rules.boost[%d]".formatted(index), model);
        }
        checkSelector(rules.bury(), "rules.bury", model);
        for (int index = 0; index < rules.pins().size(); index++) {
            BusinessRules.Pin pin = rules.pins().get(index);
            String field = "rules.pin[%d]".formatted(index);
            requireItem(pin.itemId(), field + ".item", model);
            if (pin.position() > query.k()) {
                throw MarqueeException.invalid("'%s.position' %d is beyond k = %d", field, pin.position(), query.k());
            }
            for (int earlier = 0; earlier < index; earlier++) {
                if (rules.pins().get(earlier).itemId().equals(pin.itemId())) {
                    throw MarqueeException.invalid("'%s.item': item '%s' is pinned twice", field, pin.itemId());
                }
                if (rules.pins().get(earlier).position() == pin.position()) {
                    throw MarqueeException.invalid("'%s.position': two items are pinned at position %d", field,
                            pin.position());
                }
            }
        }
    }

    static void checkFilters(ItemFilters filters, String field, RecommendingModel model) {
        if (filters.isEmpty()) {
            return;
        }
        Catalogue catalogue = model.engine().catalogue().orElseThrow(() -> MarqueeException.invalid(
                "'%s' need a catalogue, and this recommender was trained without one (catalogue_dataset_id)",
                field));
        checkGenres(filters.includeGenres(), field + ".genres", model);
        checkGenres(filters.excludeGenres(), field + ".exclude_genres", model);
        filters.maxMaturity().ifPresent(rating -> {
            if (catalogue.maturityScale().rank(rating).isEmpty()) {
                throw MarqueeException.invalid("'%s.max_maturity' '%s' is not a maturity rating; expected one of %s",
                        field, rating, catalogue.maturityScale().ratings());
            }
        });
    }

    private static void checkSelector(BusinessRules.ItemSelector selector, String field, RecommendingModel model) {
        for (String item : selector.itemIds()) {
            requireItem(item, field + ".items", model);
        }
        if (!selector.genres().isEmpty() && model.engine().catalogue().isEmpty()) {
            throw MarqueeException.invalid(
                    "'%s.genres' needs a catalogue, and this recommender was trained without one", field);
        }
        checkGenres(selector.genres(), field + ".genres", model);
    }

    private static void checkGenres(Set<String> genres, String field, RecommendingModel model) {
        Set<String> known = model.genres();
        for (String genre : genres) {
            if (!known.contains(genre)) {
                throw MarqueeException.invalid("'%s': no catalogue item has the genre '%s'", field, genre);
            }
        }
    }

    private static void requireItem(String item, String field, RecommendingModel model) {
        Interactions training = model.engine().model().training();
        if (training.itemIndex(item).isEmpty()) {
            throw MarqueeException.invalid("'%s': item '%s' is not in the model", field, item);
        }
    }

    private static int k(JsonNode body) {
        int k = integer(body, "k", "k").orElse(DEFAULT_K);
        if (k < 1 || k > RecommenderServedModel.MAX_K) {
            throw MarqueeException.invalid("'k' must be between 1 and %d: %d", RecommenderServedModel.MAX_K, k);
        }
        return k;
    }

    private static ItemFilters filters(JsonNode node, String field, Clock clock) {
        if (node == null || node.isNull()) {
            return ItemFilters.none();
        }
        requireObject(node, field);
        allowOnly(node, FILTER_FIELDS, field + ".");
        List<String> include = texts(node, "genres", field + ".genres");
        List<String> exclude = texts(node, "exclude_genres", field + ".exclude_genres");
        include.forEach(genre -> notBlank(genre, field + ".genres"));
        exclude.forEach(genre -> notBlank(genre, field + ".exclude_genres"));
        ItemFilters filters = ItemFilters.none()
                .includeGenres(include.toArray(String[]::new))
                .excludeGenres(exclude.toArray(String[]::new));
        Optional<String> region = text(node, "region", field + ".region");
        Optional<String> date = text(node, "date", field + ".date");
        if (date.isPresent() && region.isEmpty()) {
            throw MarqueeException.invalid("'%s.date' needs '%s.region'", field, field);
        }
        if (region.isPresent()) {
            String code = region.get().strip();
            if (code.isEmpty() || code.equals("*")) {
                throw MarqueeException.invalid("'%s.region' must be a region code such as US: '%s'", field,
                        region.get());
            }
            LocalDate day = date.map(text -> parseDate(text, field + ".date"))
                    .orElseGet(() -> LocalDate.now(clock.withZone(ZoneOffset.UTC)));
            filters = filters.availableIn(code.toUpperCase(Locale.ROOT), day);
        }
        Optional<String> maturity = text(node, "max_maturity", field + ".max_maturity");
        if (maturity.isPresent()) {
            notBlank(maturity.get(), field + ".max_maturity");
            filters = filters.maxMaturity(maturity.get());
        }
        return filters;
    }

    private static LocalDate parseDate(String text, String field) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw MarqueeException.invalid("'%s' must be an ISO date (yyyy-MM-dd): '%s'", field, text);
        }
    }

    private static BusinessRules rules(JsonNode node) {
        if (node == null || node.isNull()) {
            return BusinessRules.none();
        }
        requireObject(node, "rules");
        allowOnly(node, RULE_FIELDS, "rules.");
        BusinessRules rules = BusinessRules.none();
        List<JsonNode> boosts = objects(node, "boost", "rules.boost");
        for (int index = 0; index < boosts.size(); index++) {
            JsonNode boost = boosts.get(index);
            String field = "rules.boost[%d]".formatted(index);
            allowOnly(boost, BOOST_FIELDS, field + ".");
            BusinessRules.ItemSelector selector = selector(boost, field);
            String mode = text(boost, "mode", field + ".mode").orElse("multiply");
            BusinessRules.Operation operation = switch (mode.strip().toLowerCase(Locale.ROOT)) {
                case "multiply" -> BusinessRules.Operation.MULTIPLY;
                case "add" -> BusinessRules.Operation.ADD;
                default -> throw MarqueeException.invalid("'%s.mode' must be 'multiply' or 'add', was '%s'", field,
                        mode);
            };
            double factor = number(boost, "factor", field + ".factor")
                    .orElseThrow(() -> MarqueeException.invalid("'%s.factor' is required", field));
            boolean valid = switch (operation) {
                case MULTIPLY -> factor > 0 && Double.isFinite(factor);
                case ADD -> Double.isFinite(factor);
            };
            if (!valid) {
                throw MarqueeException.invalid("'%s.factor' must be %s: %s", field,
                        operation == BusinessRules.Operation.MULTIPLY ? "a finite positive number" : "finite",
                        factor);
            }
            rules = rules.boost(selector, operation, factor);
        }
        List<JsonNode> buried = objects(node, "bury", "rules.bury");
        for (int index = 0; index < buried.size(); index++) {
            String field = "rules.bury[%d]".formatted(index);
            allowOnly(buried.get(index), SELECTOR_FIELDS, field + ".");
            rules = rules.bury(selector(buried.get(index), field));
        }
        List<JsonNode> pins = objects(node, "pin", "rules.pin");
        for (int index = 0; index < pins.size(); index++) {
            JsonNode pin = pins.get(index);
            String field = "rules.pin[%d]".formatted(index);
            allowOnly(pin, PIN_FIELDS, field + ".");
            String item = text(pin, "item", field + ".item")
                    .orElseThrow(() -> MarqueeException.invalid("'%s.item' is required", field));
            notBlank(item, field + ".item");
            int position = integer(pin, "position", field + ".position")
                    .orElseThrow(() -> MarqueeException.invalid("'%s.position' is required", field));
            if (position < 1) {
                throw MarqueeException.invalid("'%s.position' must be at least 1: %d", field, position);
            }
            rules = rules.pin(item, position);
        }
        return rules;
    }

    private static BusinessRules.ItemSelector selector(JsonNode node, String field) {
        List<String> items = texts(node, "items", field + ".items");
        List<String> genres = texts(node, "genres", field + ".genres");
        items.forEach(item -> notBlank(item, field + ".items"));
        genres.forEach(genre -> notBlank(genre, field + ".genres"));
        if (items.isEmpty() && genres.isEmpty()) {
            throw MarqueeException.invalid("'%s' must name 'items' or 'genres'", field);
        }
        return new BusinessRules.ItemSelector(new HashSet<>(items), new HashSet<>(genres));
    }

    static void requireObject(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            throw MarqueeException.invalid("'%s' must be a JSON object", field);
        }
    }

    static void allowOnly(JsonNode node, Set<String> fields, String prefix) {
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!fields.contains(entry.getKey())) {
                throw MarqueeException.invalid("unknown field '%s%s'; expected some of %s", prefix, entry.getKey(),
                        fields.stream().sorted().toList());
            }
        }
    }

    static void notBlank(String value, String field) {
        if (value.isBlank()) {
            throw MarqueeException.invalid("'%s' must not be blank", field);
        }
    }

    static Optional<String> text(JsonNode node, String key, String field) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw MarqueeException.invalid("'%s' must be a string", field);
        }
        return Optional.of(value.asText());
    }

    static Optional<Integer> integer(JsonNode node, String key, String field) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw MarqueeException.invalid("'%s' must be an integer", field);
        }
        return Optional.of(value.intValue());
    }

    static Optional<Long> longInteger(JsonNode node, String key, String field) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw MarqueeException.invalid("'%s' must be an integer", field);
        }
        return Optional.of(value.longValue());
    }

    static Optional<Double> number(JsonNode node, String key, String field) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isNumber()) {
            throw MarqueeException.invalid("'%s' must be a number", field);
        }
        return Optional.of(value.asDouble());
    }

    private static Optional<Boolean> bool(JsonNode node, String key, String field) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw MarqueeException.invalid("'%s' must be true or false", field);
        }
        return Optional.of(value.asBoolean());
    }

    static List<String> texts(JsonNode node, String key, String field) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw MarqueeException.invalid("'%s' must be an array of strings", field);
        }
        List<String> values = new ArrayList<>(value.size());
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw MarqueeException.invalid("'%s' must be an array of strings", field);
            }
            values.add(element.asText());
        }
        return values;
    }

    static List<JsonNode> objects(JsonNode node, String key, String field) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw MarqueeException.invalid("'%s' must be an array of objects", field);
        }
        List<JsonNode> values = new ArrayList<>(value.size());
        int index = 0;
        for (JsonNode element : value) {
            if (!element.isObject()) {
                throw MarqueeException.invalid("'%s[%d]' must be an object", field, index);
            }
            values.add(element);
            index++;
        }
        return values;
    }
}
