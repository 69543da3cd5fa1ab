package dev.marquee.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marquee.core.ErrorCode;
import dev.marquee.core.MarqueeException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RawTensorsTest {
    @Test
    void decodesLittleEndianElementsOfEveryFixedSizeDatatype() {
        assertThat(numbers(Datatype.INT8, 2, "ff7f")).containsExactly(-1, 127);
        assertThat(numbers(Datatype.UINT8, 2, "ff7f")).containsExactly(255, 127);
        assertThat(numbers(Datatype.INT16, 1, "00ff")).containsExactly(-256);
        assertThat(numbers(Datatype.UINT16, 1, "00ff")).containsExactly(65280);
        assertThat(numbers(Datatype.INT32, 1, "feffffff")).containsExactly(-2);
        assertThat(numbers(Datatype.UINT32, 1, "feffffff")).containsExactly(4294967294.0);
        assertThat(numbers(Datatype.INT64, 1, "0100000000000080")).containsExactly(-0x1p63 + 1);
        assertThat(numbers(Datatype.UINT64, 1, "ffffffffffffffff")).containsExactly(0x1p64);
        assertThat(numbers(Datatype.FP16, 1, "003c")).containsExactly(1.0);
        assertThat(numbers(Datatype.FP32, 1, "0000c03f")).containsExactly(1.5);
        assertThat(numbers(Datatype.FP64, 1, "000000000000f83f")).containsExactly(1.5);
        TensorData bools = RawTensors.decode("b", Datatype.BOOL, 2, bytes("0100"));
        assertThat(((TensorData.Booleans) bools).values()).containsExactly(true, false);
    }

    @Test
    void decodesLengthPrefixedBytes() {
        ByteBuffer raw = ByteBuffer.allocate(4 + 5 + 4 + 0 + 4 + 2).order(ByteOrder.LITTLE_ENDIAN);
        raw.putInt(5).put("drama".getBytes()).putInt(0).putInt(2).put(new byte[] {(byte) 0xc3, (byte) 0xa9});
        TensorData data = RawTensors.decode("s", Datatype.BYTES, 3, raw.flip());
        assertThat(((TensorData.Strings) data).values()).containsExactly("drama", "", "é");
    }

    @ParameterizedTest
    @EnumSource(Datatype.class)
    void encodingThenDecodingGivesTheSameElements(Datatype datatype) {
        InferenceTensor tensor = switch (datatype) {
            case BOOL -> new InferenceTensor("t", datatype, java.util.List.of(3L),
                    new TensorData.Booleans(new boolean[] {true, false, true}));
            case BYTES -> InferenceTensor.strings("t", new String[] {"a", "", "ünï"}, 3);
            case INT8, INT16, INT32, INT64, FP16, FP32, FP64 ->
                    InferenceTensor.numbers("t", datatype, new double[] {-1, 0, 100}, 3);
            case UINT8, UINT16, UINT32, UINT64 -> InferenceTensor.numbers("t", datatype, new double[] {0, 1, 200}, 3);
        };
        byte[] raw = RawTensors.encode(tensor);
        datatype.elementBytes().ifPresent(size -> assertThat(raw).hasSize(3 * size));
        TensorData decoded = RawTensors.decode("t", datatype, 3, ByteBuffer.wrap(raw));
        assertThat(decoded).usingRecursiveComparison().isEqualTo(tensor.data());
    }

    @Test
    void refusesContentWhoseLengthDoesNotMatchTheShapeBeforeAllocating() {
        assertInvalid(() -> RawTensors.decode("x", Datatype.FP32, 3, bytes("0000803f")), "raw content has 4 bytes; 3 FP32 elements need 12");
        assertInvalid(() -> RawTensors.decode("x", Datatype.FP32, Integer.MAX_VALUE - 8, bytes("0000803f")), "need");
        assertInvalid(() -> RawTensors.decode("x", Datatype.BYTES, 1_000_000_000, bytes("00000000")), "too few");
        assertInvalid(() -> RawTensors.decode("x", Datatype.BYTES, 1, bytes("ffffffff41")), "runs past the end");
        assertInvalid(() -> RawTensors.decode("x", Datatype.BYTES, 1, bytes("010000004142")), "after its 1 BYTES elements");
        assertInvalid(() -> RawTensors.decode("x", Datatype.BYTES, 1, bytes("01000000ff")), "not UTF-8");
        assertInvalid(() -> RawTensors.decode("x", Datatype.BOOL, 1, bytes("02")), "must be 0 or 1");
        assertInvalid(() -> RawTensors.decode("x", Datatype.FP32, 1, bytes("0000c07f")), "NaN is not allowed");
        assertInvalid(() -> RawTensors.decode("x", Datatype.FP64, 1, bytes("000000000000f07f")), "Infinity is not allowed");
    }

    private static double[] numbers(Datatype datatype, int count, String hex) {
        return ((TensorData.Numbers) RawTensors.decode("x", datatype, count, bytes(hex))).values();
    }

    private static ByteBuffer bytes(String hex) {
        return ByteBuffer.wrap(HexFormat.of().parseHex(hex));
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(MarqueeException.class,
                        failure -> assertThat(failure.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining(message);
    }
}
