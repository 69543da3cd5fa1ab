package dev.marquee.runtime;

import static dev.marquee.runtime.OnnxServedModelTest.assertInvalid;
import static dev.marquee.runtime.OnnxServedModelTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marquee.core.ErrorCode;
import dev.marquee.core.MarqueeException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.junit.jupiter.api.Test;

class XgboostServedModelTest {
    static final int FEATURES = 4;

    /** A booster trained here on generated rows; label = feature 0 + feature 1 > 1 (binary) or a 3-way bucket. */
    static Booster train(String objective, long seed) throws XGBoostError {
        Random random = new Random(seed);
        int rows = 200;
        float[] features = new float[rows * FEATURES];
        float[] labels = new float[rows];
        for (int row = 0; row < rows; row++) {
            for (int feature = 0; feature < FEATURES; feature++) {
                features[row * FEATURES + feature] = random.nextFloat();
            }
            float sum = features[row * FEATURES] + features[row * FEATURES + 1];
            labels[row] = objective.startsWith("multi") ? Math.min(2, (int) (sum * 1.5f)) : sum > 1 ? 1 : 0;
        }
        DMatrix matrix = new DMatrix(features, rows, FEATURES, Float.NaN);
        try {
            matrix.setLabel(labels);
            Map<String, Object> parameters = objective.startsWith("multi")
                    ? Map.of("objective", objective, "num_class", 3, "max_depth", 3, "nthread", 1, "seed", 7)
                    : Map.of("objective", objective, "max_depth", 3, "nthread", 1, "seed", 7);
            return XGBoost.train(matrix, parameters, 10, Map.of(), null, null);
        } finally {
            matrix.dispose();
        }
    }

    static byte[] saved(String objective, String format) throws XGBoostError {
        Booster booster = train(objective, 1);
        try {
            return booster.toByteArray(format);
        } finally {
            booster.dispose();
        }
    }

    @Test
    void servesJsonAndUbjsonFilesAsXgboostPredicts() throws XGBoostError {
        Booster reference = train("binary:logistic", 1);
        try {
            float[] rows = {0.9f, 0.8f, 0.1f, 0.2f, 0.1f, 0.05f, 0.3f, 0.9f};
            float[][] expected = reference.inplace_predict(rows, 2, FEATURES, Float.NaN);
            for (String format : List.of("json", "ubj")) {
                try (XgboostServedModel model = XgboostServedModel.load(reference.toByteArray(format))) {
                    assertThat(model.platform()).isEqualTo("xgboost");
                    assertThat(model.objective()).isEqualTo("binary:logistic");
                    assertThat(model.inputSpecs()).containsExactly(new TensorSpec("input", Datatype.FP32, List.of(-1L, 4L)));
                    assertThat(model.outputSpecs()).containsExactly(new TensorSpec("predict", Datatype.FP32, List.of(-1L)));
                    double[] input = new double[rows.length];
                    for (int index = 0; index < rows.length; index++) {
                        input[index] = rows[index];
                    }
                    InferenceTensor output = model.infer(request(
                            InferenceTensor.numbers("features", Datatype.FP64, input, 2, FEATURES))).getFirst();
                    assertThat(output.shape()).containsExactly(2L);
                    assertThat(((TensorData.Numbers) output.data()).values())
                            .containsExactly(expected[0][0], expected[1][0]);
                    assertThat(expected[0][0]).isGreaterThan(0.5f);
                    assertThat(expected[1][0]).isLessThan(0.5f);
                }
            }
        } finally {
            reference.dispose();
        }
    }

    @Test
    void multiClassGivesTheClassProbabilities() throws XGBoostError {
        try (XgboostServedModel model = XgboostServedModel.load(saved("multi:softprob", "ubj"))) {
            assertThat(model.outputSpecs()).containsExactly(new TensorSpec("predict", Datatype.FP32, List.of(-1L, 3L)));
            assertThat(model.properties()).containsEntry("num_class", "3").containsEntry("num_feature", "4");
            InferenceTensor output = model.infer(request(
                    InferenceTensor.numbers("input", Datatype.FP32, new double[] {0.9, 0.9, 0, 0}, 1, FEATURES))).getFirst();
            double[] probabilities = ((TensorData.Numbers) output.data()).values();
            assertThat(output.shape()).containsExactly(1L, 3L);
            assertThat(Arrays.stream(probabilities).sum()).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-5));
            assertThat(probabilities[2]).isGreaterThan(probabilities[0]);
        }
    }

    @Test
    void rejectsWrongShapesAndDatatypesNamingTheTensor() throws XGBoostError {
        try (XgboostServedModel model = XgboostServedModel.load(saved("reg:squarederror", "json"))) {
            assertInvalid(() -> model.infer(request(InferenceTensor.numbers("input", Datatype.FP32, new double[3], 1, 3))),
                    "input 'input' must have shape [n, 4]");
            assertInvalid(() -> model.infer(request(InferenceTensor.numbers("input", Datatype.INT64, new double[4], 1, 4))),
                    "input 'input' must be FP32 or FP64, was INT64");
            assertInvalid(() -> model.infer(request(
                            InferenceTensor.numbers("a", Datatype.FP32, new double[4], 1, 4),
                            InferenceTensor.numbers("b", Datatype.FP32, new double[4], 1, 4))),
                    "one input tensor");
        }
    }

    @Test
    void refusesDamagedFilesBeforeXgboostSeesThem() throws XGBoostError {
        byte[] ubj = saved("binary:logistic", "ubj");
        byte[] json = saved("binary:logistic", "json");
        for (int length : new int[] {1, 2, 10, ubj.length / 2, ubj.length - 1}) {
            assertInvalid(() -> XgboostServedModel.load(Arrays.copyOf(ubj, length)), "UBJSON");
        }
        assertInvalid(() -> XgboostServedModel.load(Arrays.copyOf(json, json.length / 2)), "not valid JSON");
        assertInvalid(() -> XgboostServedModel.load("{\"other\": 1}".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                "no 'learner'");
        assertInvalid(() -> XgboostServedModel.load(new byte[0]), "neither JSON nor UBJSON");
    }

    @Test
    void closeDisposesTheBoosterAndLaterRequestsAreUnavailable() throws XGBoostError {
        XgboostServedModel model = XgboostServedModel.load(saved("binary:logistic", "json"));
        InferenceRequest request = request(InferenceTensor.numbers("input", Datatype.FP32, new double[4], 1, 4));
        model.infer(request);
        model.close();
        assertThatThrownBy(() -> model.infer(request))
                .isInstanceOfSatisfying(MarqueeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        model.close();
    }
}
