package dev.marquee.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marquee.core.Json;
import dev.marquee.core.PreprocessingOptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class TrainingJobRequestTest {
    private final ObjectMapper mapper = Json.newObjectMapper();

    @Test
    void readsARequestStoredBeforeSplitsFoldsAndTuningExisted() throws Exception {
        String stored = """
                {"datasetId": "ds-1", "modelName": "churn", "target": "churned", "algorithm": "logistic_regression",
                 "parameters": {"l2": "0.5"}, "seed": 7, "testFraction": 0.25}
                """;

        TrainingJobRequest request = mapper.readValue(stored, TrainingJobRequest.class);

        assertThat(request.spec()).isEqualTo(new TrainingSpec(
                "churned", "logistic_regression", Map.of("l2", "0.5"), 7, 0.25, Optional.empty(), List.of()));
        assertThat(request.spec().split()).isEqualTo(SplitMethod.RANDOM);
        assertThat(request.spec().tuning()).isEmpty();
    }

    @Test
    void roundTripsATunedTimeSplitRequest() throws Exception {
        TuningSpec tuning = new TuningSpec(
                Map.of(
                        "l2", new SearchSpace.Range(1e-3, 10, true, false),
                        "max_iterations", new SearchSpace.Values(List.of("50", "100"))),
                SearchMethod.RANDOM,
                12,
                Optional.of("f1_macro"),
                OptionalDouble.of(0.25),
                3);
        TrainingJobRequest request = new TrainingJobRequest("ds-1", "churn", "churned", "logistic_regression",
                Map.of(), 7, 0.2, Optional.empty(), List.of(), SplitMethod.TIME, Optional.of("signed_up"),
                OptionalInt.empty(), Optional.of(tuning), PreprocessingOptions.fromJson(mapper.readTree(
                        "{\"scaling\": \"robust\", \"text\": \"drop\", \"drop_duplicates\": false}")));

        TrainingJobRequest read = mapper.readValue(mapper.writeValueAsString(request), TrainingJobRequest.class);

        assertThat(read).isEqualTo(request);
        assertThat(read.spec().tuning()).contains(tuning);
        assertThat(read.spec().timeColumn()).contains("signed_up");
        assertThat(read.spec().preprocessing().scaling()).isEqualTo(PreprocessingOptions.Scaling.ROBUST);
        assertThat(read.spec().preprocessing().dropDuplicates()).isFalse();
    }

    @Test
    void readsSearchSpacesByTheirFields() throws Exception {
        String json = """
                {"space": {"max_depth": {"min": 1, "max": 8, "log": false, "integer": true},
                           "max_features": {"values": ["sqrt", "log2"]}},
                 "method": "GRID", "trials": 10, "parallelism": 2}
                """;

        TuningSpec tuning = mapper.readValue(json, TuningSpec.class);

        assertThat(tuning.space()).containsEntry("max_depth", new SearchSpace.Range(1, 8, false, true))
                .containsEntry("max_features", new SearchSpace.Values(List.of("sqrt", "log2")));
        assertThat(tuning.metric()).isEmpty();
        assertThat(tuning.validationFraction()).isEmpty();
    }
}
