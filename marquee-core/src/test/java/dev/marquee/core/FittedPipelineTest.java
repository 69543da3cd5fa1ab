package dev.marquee.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FittedPipelineTest {
    private static final List<Column> INPUTS = List.of(
            new Column("age", ColumnType.NUMERIC),
            new Column("member", ColumnType.BOOLEAN),
            new Column("city", ColumnType.CATEGORICAL),
            new Column("signup", ColumnType.TIMESTAMP),
            new Column("review", ColumnType.TEXT));

    private static final List<Object[]> TRAINING_ROWS = List.of(
            new Object[] {10.0, true, "Paris", "1970-01-01T00:00:10Z", "great"},
            new Object[] {20.0, true, "Lyon", "1970-01-01T00:00:20Z", "meh"},
            new Object[] {30.0, false, "Paris", "30", null},
            new Object[] {null, null, null, null, "ok"});

    @Test
    void standardisesNumbersWithTrainingStatisticsAndImputesTheMean() {
        FittedPipeline pipeline = FittedPipeline.fit(INPUTS, TRAINING_ROWS);
        double sd = Math.sqrt(200.0 / 3);

        NumericEncoder age = (NumericEncoder) pipeline.encoders().getFirst();
        assertThat(age.center()).isEqualTo(20);
        assertThat(age.scale()).isEqualTo(sd);
        assertThat(age.imputed()).isEqualTo(20);
        assertThat(pipeline.transform(new Object[] {40, false, "Paris", "20", null}, 0)[0])
                .isCloseTo(20 / sd, within(1e-12));
        assertThat(pipeline.transform(new Object[] {null, false, "Paris", "20", null}, 0)[0]).isZero();
    }

    @Test
    void encodesBooleansAsZeroOneAndImputesTheMostFrequent() {
        FittedPipeline pipeline = FittedPipeline.fit(INPUTS, TRAINING_ROWS);

        assertThat(pipeline.transform(new Object[] {1.0, false, null, null, null}, 0)[1]).isEqualTo(0);
        assertThat(pipeline.transform(new Object[] {1.0, null, null, null, null}, 0)[1]).isEqualTo(1);
    }

    @Test
    void oneHotEncodesSeenCategoriesByFrequencyAndMapsUnseenOrMissingToZeros() {
        FittedPipeline pipeline = FittedPipeline.fit(INPUTS, TRAINING_ROWS);

        assertThat(pipeline.featureCount()).isEqualTo(1 + 1 + 2 + 1);
        assertThat(((CategoricalEncoder) pipeline.encoders().get(2)).categories()).containsExactly("Paris", "Lyon");
        assertThat(cityFeatures(pipeline, "Lyon")).containsExactly(0, 1);
        assertThat(cityFeatures(pipeline, " Paris ")).containsExactly(1, 0);
        assertThat(cityFeatures(pipeline, "Tokyo")).containsExactly(0, 0);
        assertThat(cityFeatures(pipeline, null)).containsExactly(0, 0);
    }

    @Test
    void keepsOnlyTheMostFrequentCategories() {
        List<Object[]> rows = new ArrayList<>();
        for (int category = 0; category < CategoricalEncoder.MAX_CATEGORIES + 20; category++) {
            for (int copy = 0; copy <= category % 3; copy++) {
                rows.add(new Object[] {"c" + category});
            }
        }

        FittedPipeline pipeline = FittedPipeline.fit(List.of(new Column("c", ColumnType.CATEGORICAL)), rows);

        CategoricalEncoder encoder = (CategoricalEncoder) pipeline.encoders().getFirst();
        assertThat(encoder.categories()).hasSize(CategoricalEncoder.MAX_CATEGORIES);
        // Most frequent first, ties by text; the least frequent, last by text, fall into "other".
        assertThat(encoder.categories().getFirst()).isEqualTo("c101");
        assertThat(encoder.categories()).contains("c0").doesNotContain("c99", "c9");
    }

    @Test
    void readsTimestampsAsIsoTextOrEpochSecondsAndStandardisesThem() {
        FittedPipeline pipeline = FittedPipeline.fit(INPUTS, TRAINING_ROWS);

        TimestampEncoder signup = (TimestampEncoder) pipeline.encoders().get(3);
        assertThat(signup.center()).isEqualTo(20);
        assertThat(signup.scale()).isEqualTo(Math.sqrt(200.0 / 3));
        assertThat(signup.width()).isEqualTo(1);
        assertThat(pipeline.transform(new Object[] {null, null, null, "1970-01-01 00:00:20", null}, 0)[4]).isZero();
    }

    @Test
    void dropsTextButStillListsIt() {
        FittedPipeline pipeline = FittedPipeline.fit(INPUTS, TRAINING_ROWS);

        assertThat(pipeline.columns()).containsExactly("age", "member", "city", "signup", "review");
        assertThat(pipeline.description()).containsExactly(
                "age: numeric, impute mean=20, standardise mean=20 sd=8.16497, range [10, 30], 1 missing",
                "member: boolean, impute most frequent=true, encode true=1 false=0, 1 missing",
                "city: categorical, one-hot over 2 categories [Paris, Lyon], other or missing -> all zeros, 1 missing",
                "signup: timestamp, epoch seconds, impute mean=20, standardise mean=20 sd=8.16497, range [10, 30], "
                        + "1 missing",
                "review: text, dropped (text features are not supported yet)");
    }

    @Test
    void givesAConstantColumnScaleOne() {
        FittedPipeline pipeline = FittedPipeline.fit(
                List.of(new Column("x", ColumnType.NUMERIC)), List.of(new Object[] {5.0}, new Object[] {5.0}));

        assertThat(((NumericEncoder) pipeline.encoders().getFirst()).scale()).isEqualTo(1);
        assertThat(pipeline.transform(new Object[] {7L}, 0)).containsExactly(2);
    }

    @Test
    void rejectsInvalidCellsNamingInputAndRow() {
        FittedPipeline pipeline = FittedPipeline.fit(INPUTS, TRAINING_ROWS);

        assertInvalid(
                pipeline, new Object[] {Double.NaN, null, null, null, null}, "input 'age' row 3: NaN is not allowed");
        assertInvalid(pipeline, new Object[] {"41", null, null, null, null},
                "input 'age' row 3: expected a number, found String");
        assertInvalid(pipeline, new Object[] {null, "yes", null, null, null},
                "input 'member' row 3: expected a boolean, found String");
        assertInvalid(pipeline, new Object[] {null, null, 7, null, null},
                "input 'city' row 3: expected a string, found Integer");
        assertInvalid(pipeline, new Object[] {null, null, null, "soon", null},
                "input 'signup' row 3: 'soon' is not an ISO-8601 timestamp or epoch seconds");
        assertInvalid(pipeline, new Object[] {null, null, null, null, 1.0},
                "input 'review' row 3: expected a string, found Double");
        assertInvalid(pipeline, new Object[] {null, null}, "row 3: expected 5 inputs, found 2");
    }

    @Test
    void survivesJsonRoundTrip() throws Exception {
        FittedPipeline pipeline = FittedPipeline.fit(INPUTS, TRAINING_ROWS);
        ObjectMapper mapper = Json.newObjectMapper();

        FittedPipeline read = mapper.readValue(mapper.writeValueAsBytes(pipeline), FittedPipeline.class);

        assertThat(read).isEqualTo(pipeline);
        Object[] row = {33.0, false, "Lyon", "2024-01-01", "text"};
        assertThat(read.transform(row, 0)).containsExactly(pipeline.transform(row, 0));
    }

    private static double[] cityFeatures(FittedPipeline pipeline, String city) {
        double[] features = pipeline.transform(new Object[] {null, null, city, null, null}, 0);
        return new double[] {features[2], features[3]};
    }

    private static void assertInvalid(FittedPipeline pipeline, Object[] row, String message) {
        assertThatThrownBy(() -> pipeline.transform(row, 3))
                .isInstanceOfSatisfying(MarqueeException.class,
                        exception -> assertThat(exception.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage(message);
    }
}
