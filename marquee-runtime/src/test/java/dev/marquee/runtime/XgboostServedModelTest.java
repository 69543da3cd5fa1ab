package dev.marquee.runtime;

import static dev.marquee.runtime.OnnxServedModelTest.assertInvalid;
import static dev.marquee.runtime.OnnxServedModelTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marquee.core.ErrorCode;
import dev.marquee.core.MarqueeException;
import java.util.Arrays;
import java.util.List;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.junit.jupiter.api.Test;

class XgboostServedModelTest {
    private static final int FEATURES = XgboostTestModels.FEATURES;

    @Test
    void servesJsonAndUbjsonFilesAsXgboostPredicts() throws XGBoostError {
        Booster reference = XgboostTestModels.train("binary:logistic", 1);
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
        try (XgboostServedModel model = XgboostServedModel.load(XgboostTestModels.saved("multi:softprob", "ubj"))) {
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
        try (XgboostServedModel model = XgboostServedModel.load(XgboostTestModels.saved("reg:squarederror", "json"))) {
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
        byte[] ubj = XgboostTestModels.saved("binary:logistic", "ubj");
        byte[] json = XgboostTestModels.saved("binary:logistic", "json");
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
        XgboostServedModel model = XgboostServedModel.load(XgboostTestModels.saved("binary:logistic", "json"));
        InferenceRequest request = request(InferenceTensor.numbers("input", Datatype.FP32, new double[4], 1, 4));
        model.infer(request);
        model.close();
        assertThatThrownBy(() -> model.infer(request))
                .isInstanceOfSatisfying(MarqueeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        model.close();
    }
}
