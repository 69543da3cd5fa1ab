package dev.marquee.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PreprocessingOptionsTest {
    private final ObjectMapper mapper = Json.newObjectMapper();

    @Test
    void anEmptyObjectReadsAsTheDefaults() throws Exception {
        PreprocessingOptions options = mapper.readValue("{}", PreprocessingOptions.class);

        assertThat(options).isEqualTo(PreprocessingOptions.defaults());
        assertThat(options.impute()).isEqualTo(PreprocessingOptions.Impute.MEAN);
        assertThat(options.scaling()).isEqualTo(PreprocessingOptions.Scaling.STANDARD);
        assertThat(options.maxCategories()).isEqualTo(100);
        assertThat(options.hashBuckets()).isEqualTo(32);
        assertThat(options.textNgrams()).isEqualTo(2);
        assertThat(options.textMaxFeatures()).isEqualTo(1_000);
        assertThat(options.textMinDocumentFrequency()).isEqualTo(2);
        assertThat(options.textMaxCellChars()).isEqualTo(100_000);
        assertThat(options.invalidValues()).isEqualTo(PreprocessingOptions.InvalidValues.ERROR);
        assertThat(options.clipToTrainingRange()).isFalse();
        assertThat(options.dropDuplicates()).isTrue();
    }

    @Test
    void roundTripsThroughJsonWithSnakeCaseNames() throws Exception {
        PreprocessingOptions options = PreprocessingOptions.fromJson(mapper.readTree(
                "{\"impute\": \"constant\", \"fill_value\": -1, \"categorical_encoding\": \"hashing\","
                        + " \"hash_buckets\": 8, \"text\": \"drop\", \"timestamp_features\": \"epoch\","
                        + " \"invalid_values\": \"missing\", \"drop_duplicates\": false}"));

        String json = mapper.writeValueAsString(options);

        assertThat(json).contains("\"impute\":\"constant\"", "\"hash_buckets\":8", "\"categorical_encoding\":\"hashing\"");
        assertThat(mapper.readValue(json, PreprocessingOptions.class)).isEqualTo(options);
        assertThat(options.fillValue()).isEqualTo(-1);
        assertThat(options.dropDuplicates()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"impute\": \"avg\"}|preprocessing option 'impute' must be one of [mean, median, most_frequent, constant], was \"avg\"",
        "{\"scaling\": 3}|preprocessing option 'scaling' must be one of [standard, minmax, robust, none], was 3",
        "{\"hash_buckets\": 0}|preprocessing option 'hash_buckets' must be between 1 and 1048576, was 0",
        "{\"max_categories\": 100001}|preprocessing option 'max_categories' must be between 1 and 10000, was 100001",
        "{\"text_ngrams\": 1.5}|preprocessing option 'text_ngrams' must be an integer, was 1.5",
        "{\"text_max_cell_chars\": 0}|preprocessing option 'text_max_cell_chars' must be between 1 and 10000000, was 0",
        "{\"missing_indicator\": \"yes\"}|preprocessing option 'missing_indicator' must be true or false, was \"yes\"",
        "{\"fill_value\": \"x\"}|preprocessing option 'fill_value' must be a number, was \"x\"",
        "{\"colour\": 1}|unknown preprocessing option 'colour'; known options are [categorical_encoding, categorical_missing, clip_to_training_range, drop_duplicates, drop_missing_rows, fill_value, hash_buckets, impute, invalid_values, max_categories, missing_indicator, scaling, text, text_max_cell_chars, text_max_features, text_min_document_frequency, text_ngrams, timestamp_features]",
    })
    void rejectsBadValuesNamingTheOption(String json, String message) {
        assertThatThrownBy(() -> PreprocessingOptions.fromJson(mapper.readTree(json)))
                .isInstanceOfSatisfying(MarqueeException.class,
                        exception -> assertThat(exception.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage(message);
    }

    @Test
    void jacksonReportsABadValueWithTheInvalidArgumentAsCause() {
        assertThatThrownBy(() -> mapper.readValue("{\"hash_buckets\": -3}", PreprocessingOptions.class))
                .rootCause()
                .isInstanceOf(MarqueeException.class)
                .hasMessageContaining("'hash_buckets'");
    }
}
