package dev.marquee.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marquee.classic.GradientBoostingModel;
import dev.marquee.classic.LinearRegressionModel;
import dev.marquee.core.Algorithms;
import dev.marquee.core.ArtifactParts;
import dev.marquee.core.Column;
import dev.marquee.core.ColumnType;
import dev.marquee.core.ErrorCode;
import dev.marquee.core.FittedPipeline;
import dev.marquee.core.ModelManifest;
import dev.marquee.core.NumericEncoder;
import dev.marquee.core.OutputSchema;
import dev.marquee.core.PreprocessingOptions;
import dev.marquee.core.Provenance;
import dev.marquee.core.LoadedModel;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.ModelArtifacts;
import dev.marquee.core.Predictions;
import dev.marquee.core.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every exportable algorithm, trained on the generated fixture, exported, and scored by ONNX Runtime: labels equal,
 * probabilities and values within 1e-5 relative (plus a 1e-6 absolute floor where the graph computes in FP32: trees
 * and boosting).
 */
class OnnxExportTest {
    /** Imputation, clipping, missing indicators, a missing category, and all timestamp features. */
    private static final String RICH = """
            {"impute": "median", "missing_indicator": true, "clip_to_training_range": true,
             "categorical_missing": "most_frequent", "timestamp_features": "all", "scaling": "robust"}""";
    private static final String DEFAULTS = "{}";
    private static final String MINMAX = """
            {"impute": "constant", "fill_value": 3, "scaling": "minmax", "timestamp_features": "epoch"}""";

    static Stream<Arguments> models() {
        return Stream.of(
                exact("linear_regression", Task.REGRESSION, 0, Map.of(), RICH),
                exact("linear_regression", Task.REGRESSION, 0, Map.of("l2", "0.5"), MINMAX),
                exact("elastic_net", Task.REGRESSION, 0, Map.of(), DEFAULTS),
                exact("logistic_regression", Task.CLASSIFICATION, 2, Map.of(), RICH),
                exact("logistic_regression", Task.CLASSIFICATION, 3, Map.of(), DEFAULTS),
                exact("linear_svm", Task.CLASSIFICATION, 2, Map.of(), RICH),
                exact("linear_svm", Task.CLASSIFICATION, 3, Map.of(), MINMAX),
                exact("linear_svm", Task.REGRESSION, 0, Map.of(), DEFAULTS),
                exact("kernel_svm", Task.CLASSIFICATION, 2, Map.of(), RICH),
                exact("kernel_svm", Task.CLASSIFICATION, 2, Map.of("kernel", "poly", "degree", "2"), DEFAULTS),
                exact("kernel_svm", Task.CLASSIFICATION, 2, Map.of("kernel", "linear"), MINMAX),
                exact("kernel_svm", Task.REGRESSION, 0, Map.of(), RICH),
                exact("kernel_svm", Task.CLASSIFICATION, 3, Map.of(), RICH),
                exact("kernel_svm", Task.CLASSIFICATION, 4, Map.of("kernel", "poly", "degree", "2"), DEFAULTS),
                exact("mlp", Task.CLASSIFICATION, 2, Map.of(), RICH),
                exact("mlp", Task.CLASSIFICATION, 3, Map.of("activation", "tanh"), DEFAULTS),
                exact("mlp", Task.REGRESSION, 0, Map.of("activation", "logistic"), MINMAX),
                single("decision_tree", Task.CLASSIFICATION, 3, Map.of(), RICH),
                single("decision_tree", Task.REGRESSION, 0, Map.of(), DEFAULTS),
                single("random_forest", Task.CLASSIFICATION, 2, Map.of(), DEFAULTS),
                single("random_forest", Task.REGRESSION, 0, Map.of(), RICH),
                single("gradient_boosting", Task.CLASSIFICATION, 2, Map.of(), RICH),
                single("gradient_boosting", Task.CLASSIFICATION, 3, Map.of(), DEFAULTS),
                single("gradient_boosting", Task.REGRESSION, 0, Map.of(), MINMAX));
    }

    private static Arguments exact(
            String algorithm, Task task, int classes, Map<String, String> parameters, String options) {
        return Arguments.of(algorithm, task, classes, parameters, options, 0.0);
    }

    private static Arguments single(
            String algorithm, Task task, int classes, Map<String, String> parameters, String options) {
        return Arguments.of(algorithm, task, classes, parameters, options, 1e-6);
    }

    @ParameterizedTest(name = "{0} {1} {2} classes {3} {4}")
    @MethodSource("models")
    void exportedModelPredictsAsMarquee(
            String algorithm,
            Task task,
            int classes,
            Map<String, String> parameters,
            String options,
            double absoluteFloor)
            throws OrtException {
        byte[] artifact = ExportFixtures.train(algorithm, task, classes, parameters, ExportFixtures.options(options));

        assertExportPredictsAsMarquee(artifact, task, classes, absoluteFloor);
    }

    @Test
    void boostingExportsOnlyTheRoundsThatPredictAfterEarlyStopping() throws Exception {
        byte[] artifact = ExportFixtures.train("gradient_boosting", Task.CLASSIFICATION, 3,
                Map.of("trees", "400", "learning_rate", "0.8", "early_stopping_rounds", "2"),
                PreprocessingOptions.defaults());
        GradientBoostingModel model = (GradientBoostingModel)
                ModelArtifacts.readParts(artifact, Algorithms.installed()).model();
        int boosterRounds = new ObjectMapper().readTree(model.booster())
                .path("learner").path("gradient_booster").path("model").path("iteration_indptr").size() - 1;
        assertThat(model.rounds()).as("early stopping kept fewer rounds than the booster holds")
                .isLessThan(boosterRounds);

        assertExportPredictsAsMarquee(artifact, Task.CLASSIFICATION, 3, 1e-6);
    }

    @Test
    void refusesAnInputColumnNamedLikeAGraphOutput() {
        ModelManifest manifest = new ModelManifest(ModelArtifacts.FORMAT_VERSION, "linear_regression", Map.of(),
                List.of(new Column("value", ColumnType.NUMERIC)), new OutputSchema("y", Task.REGRESSION, List.of()),
                Map.of(), List.of(), new Provenance("ds", "00".repeat(32), 1, "test", "job", Instant.EPOCH));
        ArtifactParts parts = new ArtifactParts(manifest,
                new FittedPipeline(List.of(new NumericEncoder("value", 0, 1))),
                new LinearRegressionModel(new double[] {2}, 1));

        assertThatThrownBy(() -> OnnxExport.export(parts))
                .isInstanceOf(MarqueeException.class)
                .hasMessageContaining("input column 'value'");
    }

    private static void assertExportPredictsAsMarquee(byte[] artifact, Task task, int classes, double absoluteFloor)
            throws OrtException {
        LoadedModel model = ModelArtifacts.load(artifact);
        List<Object[]> rows = new ArrayList<>(ExportFixtures.rows(60, 99));
        rows.addAll(ExportFixtures.edgeRows());
        Predictions expected = model.predict(rows.toArray(Object[][]::new));

        Map<String, Object> actual = ExportFixtures.runOnnx(OnnxExport.export(artifact), rows);

        switch (task) {
            case REGRESSION -> {
                double[] values = (double[]) actual.get(OnnxExport.VALUE_OUTPUT);
                assertThat(values).hasSize(rows.size());
                for (int row = 0; row < rows.size(); row++) {
                    assertClose(values[row], expected.values()[row], absoluteFloor, "row " + row);
                }
            }
            case CLASSIFICATION -> {
                String[] labels = (String[]) actual.get(OnnxExport.LABEL_OUTPUT);
                double[][] probabilities = (double[][]) actual.get(OnnxExport.PROBABILITIES_OUTPUT);
                assertThat(labels).hasSize(rows.size());
                int distinct = 0;
                for (int row = 0; row < rows.size(); row++) {
                    assertThat(probabilities[row]).hasSize(classes);
                    for (int label = 0; label < classes; label++) {
                        assertClose(probabilities[row][label], expected.probabilities()[row][label], absoluteFloor,
                                "row " + row + " class " + label);
                    }
                    if (!nearTie(expected.probabilities()[row], absoluteFloor)) {
                        assertThat(labels[row]).as("label of row %d", row).isEqualTo(expected.labels()[row]);
                    }
                    distinct += labels[row].equals(labels[0]) ? 0 : 1;
                }
                assertThat(distinct).as("the fixture predicts more than one class").isPositive();
            }
        }
    }

    @Test
    void refusesHashedCategoricalsNamingTheColumnAndStep() {
        byte[] artifact = ExportFixtures.train("logistic_regression", Task.CLASSIFICATION, 2, Map.of(),
                ExportFixtures.options("{\"categorical_encoding\": \"hashing\"}"));

        assertThatThrownBy(() -> OnnxExport.export(artifact))
                .isInstanceOfSatisfying(MarqueeException.class,
                        error -> assertThat(error.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("'color'")
                .hasMessageContaining("categorical_hashing");
    }

    private static void assertClose(double actual, double expected, double absoluteFloor, String what) {
        double tolerance = 1e-5 * Math.max(Math.abs(actual), Math.abs(expected)) + Math.max(absoluteFloor, 1e-12);
        assertThat(Math.abs(actual - expected)).as("%s: ONNX %s, Marquee %s", what, actual, expected)
                .isLessThanOrEqualTo(tolerance);
    }

    /** Whether the two largest probabilities are so close that FP32 rounding may order them either way. */
    private static boolean nearTie(double[] probabilities, double absoluteFloor) {
        if (absoluteFloor == 0) {
            return false;
        }
        double[] sorted = probabilities.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length - 1] - sorted[sorted.length - 2] < 10 * absoluteFloor;
    }
}
