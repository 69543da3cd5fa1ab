package dev.marquee.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marquee.core.Column;
import dev.marquee.core.ColumnType;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.Task;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelBindingTest {
    private final ModelBinding numeric = new ModelBinding(new FakeModel(
            Task.REGRESSION, new Column("a", ColumnType.NUMERIC), new Column("b", ColumnType.BOOLEAN)));
    private final ModelBinding mixed = new ModelBinding(new FakeModel(
            Task.CLASSIFICATION, new Column("hours", ColumnType.NUMERIC), new Column("plan", ColumnType.CATEGORICAL)));

    @Test
    void acceptsOneTensorPerColumn() {
        List<InferenceTensor> outputs = numeric.infer(request(
                InferenceTensor.numbers("a", Datatype.FP64, new double[] {1.5, 2.5}, 2),
                new InferenceTensor("b", Datatype.BOOL, List.of(2L, 1L), new TensorData.Booleans(new boolean[] {true, false}))));
        assertThat(outputs).singleElement().satisfies(output -> {
            assertThat(output.name()).isEqualTo("predict");
            assertThat(output.datatype()).isEqualTo(Datatype.FP64);
            assertThat(((TensorData.Numbers) output.data()).values()).containsExactly(2.5, 2.5);
        });
    }

    @Test
    void acceptsOneMatrixWhenEveryInputIsNumericOrBoolean() {
        List<InferenceTensor> outputs = numeric.infer(request(
                InferenceTensor.numbers("input", Datatype.FP32, new double[] {1, 1, 3, 0}, 2, 2)));
        assertThat(((TensorData.Numbers) outputs.getFirst().data()).values()).containsExactly(2.0, 3.0);
    }

    @Test
    void matrixBooleanColumnTakesOnlyZeroOrOne() {
        assertInvalid(() -> numeric.infer(request(InferenceTensor.numbers("input", Datatype.FP32, new double[] {1, 2}, 1, 2))),
                "column 'b' is boolean");
    }

    @Test
    void matrixNeedsOneColumnPerInput() {
        assertInvalid(() -> numeric.infer(request(InferenceTensor.numbers("input", Datatype.FP32, new double[] {1, 2, 3}, 1, 3))),
                "must be [n, 2]");
    }

    @Test
    void matrixIsRefusedWhenAnInputIsCategorical() {
        assertInvalid(() -> mixed.infer(request(InferenceTensor.numbers("input", Datatype.FP32, new double[] {1, 2}, 1, 2))),
                "one tensor per input column");
    }

    @Test
    void classifierAnswersLabelsAndProbabilities() {
        List<InferenceTensor> outputs = mixed.infer(request(
                InferenceTensor.numbers("hours", Datatype.FP64, new double[] {-10, 0}, 2),
                InferenceTensor.strings("plan", new String[] {"ab", "abcd"}, 2)));
        assertThat(outputs).extracting(InferenceTensor::name).containsExactly("predict", "probabilities");
        assertThat(((TensorData.Strings) outputs.get(0).data()).values()).containsExactly("no", "yes");
        assertThat(outputs.get(1).shape()).containsExactly(2L, 2L);
        assertThat(outputs.get(1).datatype()).isEqualTo(Datatype.FP32);
    }

    @Test
    void integerTensorFeedsACategoricalColumnAsText() {
        List<InferenceTensor> outputs = mixed.infer(request(
                InferenceTensor.numbers("hours", Datatype.FP64, new double[] {0}, 1),
                InferenceTensor.numbers("plan", Datatype.INT64, new double[] {12345}, 1)));
        assertThat(((TensorData.Strings) outputs.getFirst().data()).values()).containsExactly("yes");
    }

    @Test
    void requestedOutputsAreReturnedInTheRequestedOrder() {
        InferenceRequest request = new InferenceRequest(Optional.empty(), List.of(
                        InferenceTensor.numbers("hours", Datatype.FP64, new double[] {0}, 1),
                        InferenceTensor.strings("plan", new String[] {"x"}, 1)),
                List.of("probabilities", "predict"), Map.of());
        assertThat(mixed.infer(request)).extracting(InferenceTensor::name).containsExactly("probabilities", "predict");
    }

    @Test
    void rejectsUnknownMissingDuplicateAndMisshapenInputs() {
        InferenceTensor hours = InferenceTensor.numbers("hours", Datatype.FP64, new double[] {1}, 1);
        InferenceTensor plan = InferenceTensor.strings("plan", new String[] {"x"}, 1);
        assertInvalid(() -> mixed.infer(request(hours)), "missing input 'plan'");
        assertInvalid(() -> mixed.infer(request(hours, plan, InferenceTensor.strings("extra", new String[] {"x"}, 1))),
                "unknown input 'extra'");
        assertInvalid(() -> mixed.infer(request(hours, hours, plan)), "given twice");
        assertInvalid(() -> mixed.infer(request(hours, InferenceTensor.strings("plan", new String[] {"x", "y"}, 2))),
                "2 rows, but other inputs have 1");
        assertInvalid(() -> mixed.infer(request(hours, InferenceTensor.strings("plan", new String[] {"x", "y"}, 1, 2))),
                "must be [n] or [n, 1]");
        assertInvalid(() -> mixed.infer(request(
                InferenceTensor.strings("hours", new String[] {"1"}, 1), plan)), "datatype BYTES does not fit");
    }

    @Test
    void rejectsUnknownOutputs() {
        InferenceRequest request = new InferenceRequest(Optional.empty(), List.of(
                InferenceTensor.numbers("a", Datatype.FP64, new double[] {1}, 1),
                new InferenceTensor("b", Datatype.BOOL, List.of(1L), new TensorData.Booleans(new boolean[] {true}))),
                List.of("probabilities"), Map.of());
        assertInvalid(() -> numeric.infer(request), "unknown output 'probabilities'");
    }

    @Test
    void metadataDescribesEveryInputAndOutput() {
        assertThat(mixed.inputSpecs()).containsExactly(
                new TensorSpec("hours", Datatype.FP64, List.of(-1L)), new TensorSpec("plan", Datatype.BYTES, List.of(-1L)));
        assertThat(mixed.outputSpecs()).extracting(TensorSpec::name)
                .containsExactly("predict", "probabilities", "contributions");
        assertThat(numeric.outputSpecs()).containsExactly(
                new TensorSpec("predict", Datatype.FP64, List.of(-1L)),
                new TensorSpec("contributions", Datatype.FP64, List.of(-1L, 1L, (long) numeric.inputSpecs().size() + 1)));
    }

    private static InferenceRequest request(InferenceTensor... inputs) {
        return new InferenceRequest(Optional.empty(), List.of(inputs), List.of(), Map.of());
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(MarqueeException.class).hasMessageContaining(message);
    }
}
