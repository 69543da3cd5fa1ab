package dev.marquee.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtException;
import dev.marquee.core.ErrorCode;
import dev.marquee.core.MarqueeException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OnnxServedModelTest {
    private static final float[] WEIGHTS = {0.5f, -2f, 3f};
    private static final float BIAS = 0.25f;

    @Test
    void describesTheGraphsTensors() {
        try (OnnxServedModel model = OnnxServedModel.load(OnnxTestModels.linear(WEIGHTS, BIAS))) {
            assertThat(model.platform()).isEqualTo("onnxruntime_onnx");
            assertThat(model.inputSpecs()).containsExactly(new TensorSpec("x", Datatype.FP32, List.of(-1L, 3L)));
            assertThat(model.outputSpecs()).containsExactly(new TensorSpec("y", Datatype.FP32, List.of(-1L, 1L)));
            assertThat(model.properties()).containsEntry("producer_name", "marquee-tests");
            assertThat(model.memoryBytes()).isEqualTo(2L * OnnxTestModels.linear(WEIGHTS, BIAS).length);
        }
    }

    @Test
    void computesTheLinearModel() {
        try (OnnxServedModel model = OnnxServedModel.load(OnnxTestModels.linear(WEIGHTS, BIAS))) {
            List<InferenceTensor> outputs = model.infer(request(
                    InferenceTensor.numbers("x", Datatype.FP32, new double[] {1, 2, 3, -1, 0, 0.5}, 2, 3)));
            assertThat(outputs).hasSize(1);
            InferenceTensor y = outputs.getFirst();
            assertThat(y.name()).isEqualTo("y");
            assertThat(y.datatype()).isEqualTo(Datatype.FP32);
            assertThat(y.shape()).containsExactly(2L, 1L);
            assertThat(((TensorData.Numbers) y.data()).values())
                    .containsExactly(new double[] {0.5 - 4 + 9 + 0.25, -0.5 + 1.5 + 0.25}, org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    @Test
    void feedsIntegerBooleanAndStringTensors() {
        try (OnnxServedModel model = OnnxServedModel.load(OnnxTestModels.mixedTypes())) {
            assertThat(model.inputSpecs()).extracting(TensorSpec::datatype)
                    .containsExactly(Datatype.INT64, Datatype.BOOL, Datatype.BYTES);
            List<InferenceTensor> outputs = model.infer(request(
                    InferenceTensor.numbers("count", Datatype.INT64, new double[] {3, -7}, 2),
                    new InferenceTensor("flag", Datatype.BOOL, List.of(2L), new TensorData.Booleans(new boolean[] {true, false})),
                    InferenceTensor.strings("label", new String[] {"drama", "comédie"}, 2)));
            assertThat(outputs).extracting(InferenceTensor::name).containsExactly("doubled", "negated", "echo");
            assertThat(((TensorData.Numbers) outputs.get(0).data()).values()).containsExactly(6, -14);
            assertThat(((TensorData.Booleans) outputs.get(1).data()).values()).containsExactly(false, true);
            assertThat(((TensorData.Strings) outputs.get(2).data()).values()).containsExactly("drama", "comédie");
        }
    }

    @Test
    void returnsOnlyTheRequestedOutputs() {
        try (OnnxServedModel model = OnnxServedModel.load(OnnxTestModels.mixedTypes())) {
            InferenceRequest request = new InferenceRequest(
                    Optional.empty(),
                    List.of(
                            InferenceTensor.numbers("count", Datatype.INT64, new double[] {1}, 1),
                            new InferenceTensor("flag", Datatype.BOOL, List.of(1L), new TensorData.Booleans(new boolean[] {true})),
                            InferenceTensor.strings("label", new String[] {"x"}, 1)),
                    List.of("echo"),
                    Map.of());
            assertThat(model.infer(request)).extracting(InferenceTensor::name).containsExactly("echo");
            InferenceRequest unknown = new InferenceRequest(
                    Optional.empty(), request.inputs(), List.of("nope"), Map.of());
            assertInvalid(() -> model.infer(unknown), "unknown output 'nope'");
        }
    }

    @Test
    void turnsZipMapProbabilitiesIntoAMatrix() {
        try (OnnxServedModel model = OnnxServedModel.load(OnnxTestModels.zipMap())) {
            assertThat(model.outputSpecs())
                    .containsExactly(new TensorSpec("probabilities", Datatype.FP32, List.of(-1L, -1L)));
            InferenceTensor output = model.infer(request(
                    InferenceTensor.numbers("x", Datatype.FP32, new double[] {0.25, 0.75, 0.5, 0.5}, 2, 2))).getFirst();
            assertThat(output.shape()).containsExactly(2L, 2L);
            assertThat(((TensorData.Numbers) output.data()).values()).containsExactly(0.25, 0.75, 0.5, 0.5);
        }
    }

    @Test
    void rejectsMissingUnknownAndMistypedInputsNamingTheTensor() {
        try (OnnxServedModel model = OnnxServedModel.load(OnnxTestModels.linear(WEIGHTS, BIAS))) {
            assertInvalid(() -> model.infer(request(InferenceTensor.numbers("z", Datatype.FP32, new double[3], 1, 3))),
                    "unknown input 'z'");
            assertInvalid(() -> model.infer(request(InferenceTensor.numbers("x", Datatype.FP64, new double[3], 1, 3))),
                    "input 'x' must be FP32, was FP64");
            assertInvalid(() -> model.infer(request(InferenceTensor.numbers("x", Datatype.FP32, new double[3], 3))),
                    "input 'x' must have rank 2");
            assertInvalid(() -> model.infer(request(InferenceTensor.numbers("x", Datatype.FP32, new double[4], 2, 2))),
                    "input 'x' dimension 1 must be 3");
        }
        try (OnnxServedModel model = OnnxServedModel.load(OnnxTestModels.mixedTypes())) {
            assertInvalid(() -> model.infer(request(InferenceTensor.numbers("count", Datatype.INT64, new double[] {1}, 1))),
                    "missing input 'flag'");
            assertInvalid(() -> model.infer(request(
                            InferenceTensor.numbers("count", Datatype.INT64, new double[] {1.5}, 1),
                            new InferenceTensor("flag", Datatype.BOOL, List.of(1L), new TensorData.Booleans(new boolean[] {true})),
                            InferenceTensor.strings("label", new String[] {"x"}, 1))),
                    "input 'count' element 0: 1.5 is not a INT64 value");
        }
    }

    @Test
    void inputsWhoseBatchesDisagreeAreInvalidNotInternal() {
        try (OnnxServedModel model = OnnxServedModel.load(OnnxTestModels.sum())) {
            assertInvalid(() -> model.infer(request(
                            InferenceTensor.numbers("a", Datatype.FP32, new double[] {1, 2}, 2),
                            InferenceTensor.numbers("b", Datatype.FP32, new double[] {1, 2, 3}, 3))),
                    "ONNX Runtime rejected the inputs");
        }
    }

    @Test
    void refusesFilesOnnxRuntimeCannotLoad() {
        byte[] model = OnnxTestModels.linear(WEIGHTS, BIAS);
        assertInvalid(() -> OnnxServedModel.load(Arrays.copyOf(model, model.length / 2)), "ONNX Runtime cannot load the model");
        assertInvalid(() -> OnnxServedModel.load("not a model".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                "ONNX Runtime cannot load the model");
        assertInvalid(() -> OnnxServedModel.load(new byte[0]), "empty");
        assertInvalid(() -> OnnxServedModel.load(OnnxTestModels.halfPrecisionInput()),
                "graph input 'h' has element type");
    }

    @Test
    void closeReleasesTheSessionAndLaterRequestsAreUnavailable() {
        OnnxServedModel model = OnnxServedModel.load(OnnxTestModels.linear(WEIGHTS, BIAS));
        InferenceRequest request = request(InferenceTensor.numbers("x", Datatype.FP32, new double[3], 1, 3));
        model.infer(request);
        model.close();
        // ONNX Runtime refuses to run a session whose native handle has been released.
        assertThatThrownBy(() -> model.session().run(Map.of())).isInstanceOfAny(IllegalStateException.class, OrtException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> model.infer(request))
                .isInstanceOfSatisfying(MarqueeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        model.close();
    }

    static InferenceRequest request(InferenceTensor... inputs) {
        return new InferenceRequest(Optional.empty(), List.of(inputs), List.of(), Map.of());
    }

    static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(MarqueeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining(message);
    }
}
