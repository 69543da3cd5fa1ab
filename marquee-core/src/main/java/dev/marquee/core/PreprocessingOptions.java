package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * How {@link FittedPipeline#fit(List, List, PreprocessingOptions)} preprocesses each input column. Written and read as
 * a JSON object with the snake_case names below; every option may be left out and then takes its default. Values are
 * validated on construction: a bad value is an {@link ErrorCode#INVALID_ARGUMENT} naming the option, e.g.
 * {@code "preprocessing option 'hash_buckets' must be between 1 and 1048576, was 0"}. Immutable and thread-safe.
 *
 * @param impute how a missing NUMERIC or TIMESTAMP value is filled: {@code mean} (default), {@code median},
 *     {@code most_frequent} (the smallest of the most frequent values) or {@code constant} ({@code fill_value})
 * @param fillValue the value {@code impute=constant} fills in (default 0; epoch seconds for timestamps)
 * @param missingIndicator whether NUMERIC and TIMESTAMP columns get an extra 0/1 feature "was missing" (default false)
 * @param categoricalMissing how a missing CATEGORICAL value is encoded: {@code absent} (default: its own state, all
 *     zeros) or {@code most_frequent} (encoded as the most frequent training category)
 * @param scaling how NUMERIC and TIMESTAMP values are scaled, from statistics of the present training values:
 *     {@code standard} (default: mean and population standard deviation), {@code minmax} (minimum and range, so the
 *     training values span [0, 1]), {@code robust} (median and interquartile range) or {@code none}; a zero scale
 *     becomes 1
 * @param categoricalEncoding {@code one_hot} (default: the {@code max_categories} most frequent training values, every
 *     other value all zeros) or {@code hashing} ({@code hash_buckets} features, murmur3 of the UTF-8 value)
 * @param maxCategories most categories one-hot keeps per column (default 100, at most 10,000)
 * @param hashBuckets features per hashed column (default 32, at most 1,048,576)
 * @param text how TEXT columns are used: {@code tfidf} (default) or {@code drop}
 * @param textNgrams the longest word n-gram TF-IDF counts: n-grams of 1 to this many words (default 2, at most 5)
 * @param textMaxFeatures the most terms one TF-IDF vocabulary keeps, by training term frequency (default 1,000, at
 *     most 100,000)
 * @param textMinDocumentFrequency the fewest training rows a term must occur in to be kept (default 2)
 * @param textMaxCellChars how many leading characters of a text cell are tokenised (default 100,000), so that a huge
 *     cell costs bounded time and memory
 * @param timestampFeatures {@code all} (default: scaled epoch seconds, hour of day and day of week as sin/cos pairs,
 *     scaled age relative to the latest training timestamp) or {@code epoch} (scaled epoch seconds only)
 * @param invalidValues {@code error} (default: an invalid cell is an INVALID_ARGUMENT) or {@code missing} (an
 *     invalid cell is treated as missing, at training and at serving; the training counts are in the description)
 * @param clipToTrainingRange whether NUMERIC and TIMESTAMP values are clipped to the training minimum and maximum
 *     before scaling (default false)
 * @param dropDuplicates whether training drops rows whose inputs and target exactly repeat an earlier row (default
 *     true); see {@link Deduplication}. The pipeline itself does not read it.
 * @param dropMissingRows whether training drops rows with any missing input (default false: missing values are
 *     imputed); at serving a missing value is always imputed, since a request row cannot be dropped. The pipeline
 *     itself does not read it.
 */
public record PreprocessingOptions(
        @JsonProperty("impute") Impute impute,
        @JsonProperty("fill_value") double fillValue,
        @JsonProperty("missing_indicator") boolean missingIndicator,
        @JsonProperty("categorical_missing") CategoricalMissing categoricalMissing,
        @JsonProperty("scaling") Scaling scaling,
        @JsonProperty("categorical_encoding") CategoricalEncoding categoricalEncoding,
        @JsonProperty("max_categories") int maxCategories,
        @JsonProperty("hash_buckets") int hashBuckets,
        @JsonProperty("text") TextFeatures text,
        @JsonProperty("text_ngrams") int textNgrams,
        @JsonProperty("text_max_features") int textMaxFeatures,
        @JsonProperty("text_min_document_frequency") int textMinDocumentFrequency,
        @JsonProperty("text_max_cell_chars") int textMaxCellChars,
        @JsonProperty("timestamp_features") TimestampFeatures timestampFeatures,
        @JsonProperty("invalid_values") InvalidValues invalidValues,
        @JsonProperty("clip_to_training_range") boolean clipToTrainingRange,
        @JsonProperty("drop_duplicates") boolean dropDuplicates,
        @JsonProperty("drop_missing_rows") boolean dropMissingRows) {
    public static final int DEFAULT_MAX_CATEGORIES = 100;
    public static final int MAX_MAX_CATEGORIES = 10_000;
    public static final int DEFAULT_HASH_BUCKETS = 32;
    public static final int MAX_HASH_BUCKETS = 1 << 20;
    public static final int DEFAULT_TEXT_NGRAMS = 2;
    public static final int MAX_TEXT_NGRAMS = 5;
    public static final int DEFAULT_TEXT_MAX_FEATURES = 1_000;
    public static final int MAX_TEXT_MAX_FEATURES = 100_000;
    public static final int DEFAULT_TEXT_MIN_DOCUMENT_FREQUENCY = 2;
    public static final int DEFAULT_TEXT_MAX_CELL_CHARS = 100_000;
    public static final int MAX_TEXT_MAX_CELL_CHARS = 10_000_000;

    private static final Set<String> NAMES = Set.of(
            "impute",
            "fill_value",
            "missing_indicator",
            "categorical_missing",
            "scaling",
            "categorical_encoding",
            "max_categories",
            "hash_buckets",
            "text",
            "text_ngrams",
            "text_max_features",
            "text_min_document_frequency",
            "text_max_cell_chars",
            "timestamp_features",
            "invalid_values",
            "clip_to_training_range",
            "drop_duplicates",
            "drop_missing_rows");

    /** How a missing NUMERIC or TIMESTAMP value is filled. */
    public enum Impute implements Named { MEAN, MEDIAN, MOST_FREQUENT, CONSTANT }

    /** How a missing CATEGORICAL value is encoded. */
    public enum CategoricalMissing implements Named { ABSENT, MOST_FREQUENT }

    /** How NUMERIC and TIMESTAMP values are scaled. */
    public enum Scaling implements Named { STANDARD, MINMAX, ROBUST, NONE }

    /** How CATEGORICAL values become features. */
    public enum CategoricalEncoding implements Named { ONE_HOT, HASHING }

    /** How TEXT columns are used. */
    public enum TextFeatures implements Named { TFIDF, DROP }

    /** Which features a TIMESTAMP column writes. */
    public enum TimestampFeatures implements Named { ALL, EPOCH }

    /** What an invalid cell does. */
    public enum InvalidValues implements Named { ERROR, MISSING }

    /** An option value's JSON name: the constant in lower case. */
    interface Named {
        String name();

        @JsonValue
        default String optionName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public PreprocessingOptions {
        requireNonNull(impute, "impute is null");
        requireNonNull(categoricalMissing, "categoricalMissing is null");
        requireNonNull(scaling, "scaling is null");
        requireNonNull(categoricalEncoding, "categoricalEncoding is null");
        requireNonNull(text, "text is null");
        requireNonNull(timestampFeatures, "timestampFeatures is null");
        requireNonNull(invalidValues, "invalidValues is null");
        if (!Double.isFinite(fillValue)) {
            throw MarqueeException.invalid("preprocessing option 'fill_value' must be finite, was %s", fillValue);
        }
        checkRange("max_categories", maxCategories, 1, MAX_MAX_CATEGORIES);
        checkRange("hash_buckets", hashBuckets, 1, MAX_HASH_BUCKETS);
        checkRange("text_ngrams", textNgrams, 1, MAX_TEXT_NGRAMS);
        checkRange("text_max_features", textMaxFeatures, 1, MAX_TEXT_MAX_FEATURES);
        checkRange("text_min_document_frequency", textMinDocumentFrequency, 1, Integer.MAX_VALUE);
        checkRange("text_max_cell_chars", textMaxCellChars, 1, MAX_TEXT_MAX_CELL_CHARS);
    }

    /** Every option at its default. */
    public static PreprocessingOptions defaults() {
        return new PreprocessingOptions(
                Impute.MEAN,
                0,
                false,
                CategoricalMissing.ABSENT,
                Scaling.STANDARD,
                CategoricalEncoding.ONE_HOT,
                DEFAULT_MAX_CATEGORIES,
                DEFAULT_HASH_BUCKETS,
                TextFeatures.TFIDF,
                DEFAULT_TEXT_NGRAMS,
                DEFAULT_TEXT_MAX_FEATURES,
                DEFAULT_TEXT_MIN_DOCUMENT_FREQUENCY,
                DEFAULT_TEXT_MAX_CELL_CHARS,
                TimestampFeatures.ALL,
                InvalidValues.ERROR,
                false,
                true,
                false);
    }

    /**
     * The preprocessing before these options existed: the defaults, except {@code text=drop} and
     * {@code timestamp_features=epoch}. {@link FittedPipeline#fit(List, List)} uses it, so callers that do not pass
     * options keep producing the same features until they opt in.
     */
    public static PreprocessingOptions legacy() {
        PreprocessingOptions defaults = defaults();
        return new PreprocessingOptions(
                defaults.impute(),
                defaults.fillValue(),
                defaults.missingIndicator(),
                defaults.categoricalMissing(),
                defaults.scaling(),
                defaults.categoricalEncoding(),
                defaults.maxCategories(),
                defaults.hashBuckets(),
                TextFeatures.DROP,
                defaults.textNgrams(),
                defaults.textMaxFeatures(),
                defaults.textMinDocumentFrequency(),
                defaults.textMaxCellChars(),
                TimestampFeatures.EPOCH,
                defaults.invalidValues(),
                defaults.clipToTrainingRange(),
                defaults.dropDuplicates(),
                defaults.dropMissingRows());
    }

    /**
     * Reads options from a JSON object; a missing option takes its default. Also Jackson's way in, so a request body
     * and a stored artifact are read alike.
     *
     * @throws MarqueeException INVALID_ARGUMENT naming the option when a name is unknown or a value is invalid
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static PreprocessingOptions fromJson(JsonNode node) {
        requireNonNull(node, "node is null");
        if (node.isMissingNode() || node.isNull()) {
            return defaults();
        }
        if (!node.isObject()) {
            throw MarqueeException.invalid("preprocessing options must be a JSON object, was %s", node.getNodeType());
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!NAMES.contains(name)) {
                throw MarqueeException.invalid(
                        "unknown preprocessing option '%s'; known options are %s", name, new TreeSet<>(NAMES));
            }
        }
        PreprocessingOptions defaults = defaults();
        return new PreprocessingOptions(
                choice(node, "impute", Impute.values(), defaults.impute()),
                real(node, "fill_value", defaults.fillValue()),
                bool(node, "missing_indicator", defaults.missingIndicator()),
                choice(node, "categorical_missing", CategoricalMissing.values(), defaults.categoricalMissing()),
                choice(node, "scaling", Scaling.values(), defaults.scaling()),
                choice(node, "categorical_encoding", CategoricalEncoding.values(), defaults.categoricalEncoding()),
                integer(node, "max_categories", defaults.maxCategories()),
                integer(node, "hash_buckets", defaults.hashBuckets()),
                choice(node, "text", TextFeatures.values(), defaults.text()),
                integer(node, "text_ngrams", defaults.textNgrams()),
                integer(node, "text_max_features", defaults.textMaxFeatures()),
                integer(node, "text_min_document_frequency", defaults.textMinDocumentFrequency()),
                integer(node, "text_max_cell_chars", defaults.textMaxCellChars()),
                choice(node, "timestamp_features", TimestampFeatures.values(), defaults.timestampFeatures()),
                choice(node, "invalid_values", InvalidValues.values(), defaults.invalidValues()),
                bool(node, "clip_to_training_range", defaults.clipToTrainingRange()),
                bool(node, "drop_duplicates", defaults.dropDuplicates()),
                bool(node, "drop_missing_rows", defaults.dropMissingRows()));
    }

    private static void checkRange(String name, int value, int minimum, int maximum) {
        if (value < minimum || value > maximum) {
            throw MarqueeException.invalid(
                    "preprocessing option '%s' must be between %d and %d, was %d", name, minimum, maximum, value);
        }
    }

    private static <E extends Enum<E> & Named> E choice(JsonNode node, String name, E[] values, E defaultValue) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        List<String> names = Arrays.stream(values).map(Named::optionName).toList();
        if (value.isTextual()) {
            for (E candidate : values) {
                if (candidate.optionName().equals(value.textValue())) {
                    return candidate;
                }
            }
        }
        throw MarqueeException.invalid("preprocessing option '%s' must be one of %s, was %s", name, names, value);
    }

    private static int integer(JsonNode node, String name, int defaultValue) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw MarqueeException.invalid("preprocessing option '%s' must be an integer, was %s", name, value);
        }
        return value.intValue();
    }

    private static double real(JsonNode node, String name, double defaultValue) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.isNumber()) {
            throw MarqueeException.invalid("preprocessing option '%s' must be a number, was %s", name, value);
        }
        return value.doubleValue();
    }

    private static boolean bool(JsonNode node, String name, boolean defaultValue) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.isBoolean()) {
            throw MarqueeException.invalid("preprocessing option '%s' must be true or false, was %s", name, value);
        }
        return value.booleanValue();
    }
}
