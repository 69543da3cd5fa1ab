package dev.marquee.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PreprocessingPipelineTest {
    private static final ObjectMapper MAPPER = Json.newObjectMapper();
    private static final Provenance PROVENANCE = new Provenance(
            "ds-1", "ab".repeat(32), 7, "0.1.0", "job-1", java.time.Instant.parse("2026-01-02T03:04:05Z"));
    private static final List<Column> NUMBER = List.of(new Column("x", ColumnType.NUMERIC));

    private static PreprocessingOptions options(String json) throws Exception {
        return PreprocessingOptions.fromJson(MAPPER.readTree(json));
    }

    private static List<Object[]> numbers(Double... values) {
        List<Object[]> rows = new ArrayList<>();
        for (Double value : values) {
            rows.add(new Object[] {value});
        }
        return rows;
    }

    @Test
    void imputesTheMedianAndScalesRobustlyWithTrainingStatisticsOnly() throws Exception {
        List<Object[]> training = numbers(1.0, 2.0, 3.0, 4.0, 100.0, null);
        FittedPipeline pipeline =
                FittedPipeline.fit(NUMBER, training, options("{\"impute\": \"median\", \"scaling\": \"robust\"}"));

        // median 3, quartiles 2 and 4: IQR 2. A test value of 1000 does not move the statistics.
        assertThat(pipeline.transform(new Object[] {null}, 0)).containsExactly(0);
        assertThat(pipeline.transform(new Object[] {1000.0}, 0)).containsExactly(498.5);
        assertThat(pipeline.description()).containsExactly(
                "x: numeric, impute median=3, robust scale median=3 iqr=2, range [1, 100], 1 missing");
    }

    @Test
    void imputesTheMostFrequentOrAConstantAndAddsAMissingIndicator() throws Exception {
        List<Object[]> training = numbers(5.0, 7.0, 7.0, null);
        FittedPipeline frequent = FittedPipeline.fit(NUMBER, training,
                options("{\"impute\": \"most_frequent\", \"scaling\": \"none\", \"missing_indicator\": true}"));
        FittedPipeline constant = FittedPipeline.fit(NUMBER, training,
                options("{\"impute\": \"constant\", \"fill_value\": -1, \"scaling\": \"none\"}"));

        assertThat(frequent.featureCount()).isEqualTo(2);
        assertThat(frequent.transform(new Object[] {null}, 0)).containsExactly(7, 1);
        assertThat(frequent.transform(new Object[] {5.0}, 0)).containsExactly(5, 0);
        assertThat(constant.transform(new Object[] {null}, 0)).containsExactly(-1);
    }

    @Test
    void minMaxScalesTrainingValuesIntoTheUnitIntervalAndClipsOnlyWhenAsked() throws Exception {
        List<Object[]> training = numbers(10.0, 20.0, 30.0);
        FittedPipeline scaled = FittedPipeline.fit(NUMBER, training, options("{\"scaling\": \"minmax\"}"));
        FittedPipeline clipped = FittedPipeline.fit(
                NUMBER, training, options("{\"scaling\": \"minmax\", \"clip_to_training_range\": true}"));

        assertThat(scaled.transform(new Object[] {20.0}, 0)).containsExactly(0.5);
        assertThat(scaled.transform(new Object[] {50.0}, 0)).containsExactly(2);
        assertThat(clipped.transform(new Object[] {50.0}, 0)).containsExactly(1);
        assertThat(clipped.transform(new Object[] {-5.0}, 0)).containsExactly(0);
    }

    @Test
    void treatsInvalidCellsAsMissingAndReportsTheTrainingCounts() throws Exception {
        List<Column> inputs = List.of(new Column("x", ColumnType.NUMERIC), new Column("t", ColumnType.TIMESTAMP));
        List<Object[]> training = List.of(
                new Object[] {1.0, "2024-01-01"},
                new Object[] {Double.NaN, "soon"},
                new Object[] {"abc", "99999999999999"},
                new Object[] {3.0, 7});
        PreprocessingOptions lenient = options("{\"invalid_values\": \"missing\", \"timestamp_features\": \"epoch\"}");

        FittedPipeline pipeline = FittedPipeline.fit(inputs, training, lenient);

        assertThat(((NumericEncoder) pipeline.encoders().getFirst()).report())
                .isEqualTo(new CellReport(0, 1, 1, 0));
        assertThat(((TimestampEncoder) pipeline.encoders().get(1)).report())
                .isEqualTo(new CellReport(0, 2, 0, 1));
        assertThat(pipeline.description().getFirst())
                .endsWith("invalid as missing (training: 1 unparsable, 1 non-finite, 0 out of range)");
        assertThat(pipeline.transform(new Object[] {Double.POSITIVE_INFINITY, "later"}, 0)).containsExactly(0, 0);
        assertThatThrownBy(() -> FittedPipeline.fit(inputs, training, PreprocessingOptions.defaults()))
                .isInstanceOfSatisfying(MarqueeException.class,
                        exception -> assertThat(exception.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("input 'x' row 1: NaN is not allowed");
    }

    @Test
    void oneHotKeepsMaxCategoriesAndEncodesUnseenAsZerosOrMissingAsTheMostFrequent() throws Exception {
        List<Column> inputs = List.of(new Column("city", ColumnType.CATEGORICAL));
        List<Object[]> training = List.of(
                new Object[] {"Paris"}, new Object[] {"Paris"}, new Object[] {"Lyon"}, new Object[] {"Nice"});
        FittedPipeline pipeline = FittedPipeline.fit(
                inputs, training, options("{\"max_categories\": 2, \"categorical_missing\": \"most_frequent\"}"));

        assertThat(pipeline.featureCount()).isEqualTo(2);
        assertThat(pipeline.transform(new Object[] {"Tokyo"}, 0)).containsExactly(0, 0);
        assertThat(pipeline.transform(new Object[] {"Nice"}, 0)).containsExactly(0, 0);
        assertThat(pipeline.transform(new Object[] {null}, 0)).containsExactly(1, 0);
    }

    @Test
    void hashesCategoriesWithMurmur3SoUnseenValuesNeverFail() throws Exception {
        List<Column> inputs = List.of(new Column("city", ColumnType.CATEGORICAL));
        FittedPipeline pipeline = FittedPipeline.fit(inputs, List.of(new Object[] {"Paris"}, new Object[] {"Lyon"}),
                options("{\"categorical_encoding\": \"hashing\", \"hash_buckets\": 16}"));
        HashedCategoricalEncoder encoder = (HashedCategoricalEncoder) pipeline.encoders().getFirst();

        double[] unseen = pipeline.transform(new Object[] {" Tokyo "}, 0);

        assertThat(pipeline.featureCount()).isEqualTo(16);
        assertThat(unseen[encoder.bucket("Tokyo")]).isEqualTo(1);
        assertThat(java.util.Arrays.stream(unseen).sum()).isEqualTo(1);
        assertThat(pipeline.transform(new Object[] {null}, 0)).containsOnly(0);
        // Published MurmurHash3 x86_32 test vectors, seed 0.
        assertThat(Murmur3.hash32("", 0)).isZero();
        assertThat(Murmur3.hash32("hello", 0)).isEqualTo(0x248bfa47);
        assertThat(Murmur3.hash32("The quick brown fox jumps over the lazy dog", 0)).isEqualTo(0x2e4ff723);
    }

    @Test
    void computesTfidfLikeScikitLearn() throws Exception {
        List<Column> inputs = List.of(new Column("review", ColumnType.TEXT));
        List<Object[]> training = List.of(
                new Object[] {"good movie"}, new Object[] {"Good good plot"}, new Object[] {"bad movie"},
                new Object[] {null});
        FittedPipeline pipeline = FittedPipeline.fit(
                inputs, training, options("{\"text_ngrams\": 1, \"text_min_document_frequency\": 2}"));
        TfidfEncoder encoder = (TfidfEncoder) pipeline.encoders().getFirst();

        // "good" and "movie" are in two of four rows: idf = ln(5 / 3) + 1 for both.
        assertThat(encoder.vocabulary()).containsExactly("good", "movie");
        assertThat(encoder.idf().getFirst()).isCloseTo(Math.log(5.0 / 3) + 1, within(1e-12));
        double[] features = pipeline.transform(new Object[] {"GOOD, good movie! unseen"}, 0);
        assertThat(features[0]).isCloseTo(2 / Math.sqrt(5), within(1e-12));
        assertThat(features[1]).isCloseTo(1 / Math.sqrt(5), within(1e-12));
        assertThat(pipeline.transform(new Object[] {null}, 0)).containsExactly(0, 0);
        assertThat(pipeline.description().getFirst()).startsWith(
                "review: text, tf-idf over 1..1-grams, vocabulary 2 terms, idf range [1.51083, 1.51083]");
    }

    @Test
    void countsWordBigramsByDefault() {
        List<String> terms = new ArrayList<>();
        TfidfEncoder.terms("The cat, the HAT; a x", 100, 2, terms::add);

        assertThat(terms).containsExactly("the", "cat", "the cat", "the", "cat the", "hat", "the hat");
    }

    @Test
    void tokenisesOnlyTheFirstCharactersOfATenMegabyteCell() throws Exception {
        List<Column> inputs = List.of(new Column("review", ColumnType.TEXT));
        String huge = "alpha beta ".repeat(1_000_000) + "omega";
        List<Object[]> training = List.of(new Object[] {huge}, new Object[] {"alpha omega"}, new Object[] {"omega"});

        FittedPipeline pipeline = FittedPipeline.fit(inputs, training, options("{\"text_max_cell_chars\": 1000}"));

        TfidfEncoder encoder = (TfidfEncoder) pipeline.encoders().getFirst();
        // The huge cell's trailing "omega" lies beyond the limit: "omega" is in 2 rows, not 3.
        assertThat(encoder.vocabulary()).containsExactly("alpha", "omega");
        assertThat(encoder.idf().get(1)).isCloseTo(Math.log(4.0 / 3) + 1, within(1e-12));
        assertThat(pipeline.transform(new Object[] {huge}, 0)).containsExactly(1, 0);
    }

    @Test
    void addsHourAndWeekdayCyclesAndAgeToTimestamps() {
        List<Column> inputs = List.of(new Column("t", ColumnType.TIMESTAMP));
        List<Object[]> training = List.of(new Object[] {"2024-01-01T00:00:00Z"}, new Object[] {"2024-01-03T00:00:00Z"});
        FittedPipeline pipeline = FittedPipeline.fit(inputs, training, PreprocessingOptions.defaults());

        // 2024-01-03 is a Wednesday (index 2); 06:00 is a quarter of the day.
        double[] features = pipeline.transform(new Object[] {"2024-01-03T06:00:00Z"}, 0);

        assertThat(pipeline.featureCount()).isEqualTo(6);
        assertThat(features[1]).isCloseTo(-6 * 3600.0 / 86_400, within(1e-12)); // age, scale is one day here
        assertThat(features[2]).isCloseTo(1, within(1e-12));
        assertThat(features[3]).isCloseTo(0, within(1e-12));
        assertThat(features[4]).isCloseTo(Math.sin(2 * Math.PI * 2 / 7), within(1e-12));
        assertThat(features[5]).isCloseTo(Math.cos(2 * Math.PI * 2 / 7), within(1e-12));
        assertThat(pipeline.transform(new Object[] {null}, 0)).containsExactly(0, 1, 0, 0, 0, 0);
    }

    @Test
    void everyOptionCombinationSurvivesTheArtifactRoundTrip() throws Exception {
        List<Column> inputs = List.of(
                new Column("x", ColumnType.NUMERIC),
                new Column("b", ColumnType.BOOLEAN),
                new Column("c", ColumnType.CATEGORICAL),
                new Column("t", ColumnType.TIMESTAMP),
                new Column("text", ColumnType.TEXT));
        List<Object[]> rows = generatedRows(60, 7);
        for (String json : List.of(
                "{}",
                "{\"impute\": \"median\", \"scaling\": \"robust\", \"missing_indicator\": true,"
                        + " \"categorical_encoding\": \"hashing\", \"clip_to_training_range\": true}",
                "{\"impute\": \"constant\", \"fill_value\": 2, \"scaling\": \"minmax\","
                        + " \"categorical_missing\": \"most_frequent\", \"invalid_values\": \"missing\"}",
                "{\"scaling\": \"none\", \"text\": \"drop\", \"timestamp_features\": \"epoch\"}")) {
            FittedPipeline pipeline = FittedPipeline.fit(inputs, rows.subList(0, 40), options(json));
            ModelManifest manifest = new ModelManifest(ModelArtifacts.FORMAT_VERSION, "test_mean",
                    java.util.Map.of(), inputs, new OutputSchema("y", Task.REGRESSION, List.of()),
                    java.util.Map.of(), pipeline.description(), PROVENANCE);
            byte[] artifact = ModelArtifacts.write(
                    manifest, pipeline, new MeanAlgorithm.MeanModel(pipeline.featureCount(), 1));

            FittedPipeline read = MAPPER.treeToValue(MAPPER.readTree(artifact).get("pipeline"), FittedPipeline.class);

            assertThat(read).as(json).isEqualTo(pipeline);
            assertThat(read.transform(rows.subList(40, 60))).isDeepEqualTo(pipeline.transform(rows.subList(40, 60)));
            assertThat(ModelArtifacts.load(artifact).manifest().preprocessing()).isEqualTo(pipeline.description());
        }
    }

    @Test
    void loadsAPipelineStoredByFormatVersionOneUnchanged() throws Exception {
        FittedPipeline stored;
        try (InputStream json = getClass().getResourceAsStream("/pipelines/pipeline-v1.json")) {
            stored = MAPPER.readValue(json, FittedPipeline.class);
        }
        Object[] row = {40.0, null, "Lyon", "1970-01-01T00:00:30Z", "text"};

        assertThat(stored.featureCount()).isEqualTo(5);
        assertThat(stored.transform(row, 0))
                .containsExactly(20 / Math.sqrt(200.0 / 3), 1, 0, 1, 10 / Math.sqrt(200.0 / 3));
        assertThat(stored.transform(new Object[] {null, null, null, null, null}, 0)).containsExactly(0, 1, 0, 0, 0);
        assertThat(stored.description()).containsExactly(
                "age: numeric, impute mean=20, standardise mean=20 sd=8.16497",
                "member: boolean, impute most frequent=true, encode true=1 false=0",
                "city: categorical, one-hot over 2 categories [Paris, Lyon], other or missing -> all zeros",
                "signup: timestamp, epoch seconds, impute mean=20, standardise mean=20 sd=8.16497",
                "review: text, dropped (text features are not supported yet)");
        assertThatThrownBy(() -> stored.transform(new Object[] {Double.NaN, null, null, null, null}, 0))
                .isInstanceOf(MarqueeException.class);
    }

    @Test
    void fitsStatisticsOnTheTrainingRowsOnly() {
        List<Object[]> rows = numbers(1.0, 2.0, 3.0, 1_000.0);
        FittedPipeline pipeline = FittedPipeline.fit(NUMBER, rows.subList(0, 3), PreprocessingOptions.defaults());

        assertThat(((NumericEncoder) pipeline.encoders().getFirst()).center()).isEqualTo(2);
        assertThat(((NumericEncoder) pipeline.encoders().getFirst()).range())
                .contains(new ValueRange(1, 3));
    }

    private static List<Object[]> generatedRows(int count, long seed) {
        Random random = new Random(seed);
        String[] words = {"fast", "slow", "cheap", "great", "poor", "delivery"};
        List<Object[]> rows = new ArrayList<>();
        for (int row = 0; row < count; row++) {
            rows.add(new Object[] {
                row % 7 == 0 ? null : random.nextGaussian() * 10,
                row % 5 == 0 ? null : random.nextBoolean(),
                row % 6 == 0 ? null : "c" + random.nextInt(row < 40 ? 4 : 8),
                row % 9 == 0 ? null : Long.toString(1_700_000_000L + random.nextInt(10_000_000)),
                row % 4 == 0 ? null : words[random.nextInt(6)] + " " + words[random.nextInt(6)]});
        }
        return rows;
    }
}
