package dev.marquee.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marquee.core.Column;
import dev.marquee.core.ColumnType;
import dev.marquee.core.ErrorCode;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.Task;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OipJsonCodecTest {
    private final OipJsonCodec codec = new OipJsonCodec(1_000);

    @Test
    void readsNestedAndFlatDataIdOutputsAndParameters() {
        InferenceRequest request = read("""
                {"id":"r1","parameters":{"trace":true},"outputs":[{"name":"predict"}],"inputs":[
                  {"name":"m","datatype":"FP32","shape":[2,2],"data":[[1,2],[3,4]]},
                  {"name":"f","datatype":"INT64","shape":[2],"data":[5,6]},
                  {"name":"b","datatype":"BOOL","shape":[1],"data":[true]},
                  {"name":"s","datatype":"BYTES","shape":[1],"data":["drama"]}]}""");
        assertThat(request.id()).contains("r1");
        assertThat(request.requestedOutputs()).containsExactly("predict");
        assertThat(request.parameters()).containsEntry("trace", true);
        assertThat(((TensorData.Numbers) request.inputs().get(0).data()).values()).containsExactly(1, 2, 3, 4);
        assertThat(request.inputs().get(0).shape()).containsExactly(2L, 2L);
        assertThat(((TensorData.Numbers) request.inputs().get(1).data()).values()).containsExactly(5, 6);
        assertThat(((TensorData.Booleans) request.inputs().get(2).data()).values()).containsExactly(true);
        assertThat(((TensorData.Strings) request.inputs().get(3).data()).values()).containsExactly("drama");
    }

    @Test
    void readsTensorsInAnyFieldOrderAlike() {
        InferenceRequest headerFirst = read("""
                {"inputs":[{"name":"m","datatype":"INT32","shape":[2,2],"data":[[1,2],[3,4]]},
                  {"name":"s","shape":[1],"datatype":"BYTES","data":["a"]}],"id":"r"}""");
        InferenceRequest dataFirst = read("""
                {"id":"r","inputs":[{"data":[[1,2],[3,4]],"shape":[2,2],"datatype":"INT32","name":"m"},
                  {"data":["a"],"name":"s","shape":[1],"datatype":"BYTES"}]}""");
        for (InferenceRequest request : List.of(headerFirst, dataFirst)) {
            assertThat(request.id()).contains("r");
            assertThat(((TensorData.Numbers) request.inputs().get(0).data()).values()).containsExactly(1, 2, 3, 4);
            assertThat(request.inputs().get(0).shape()).containsExactly(2L, 2L);
            assertThat(((TensorData.Strings) request.inputs().get(1).data()).values()).containsExactly("a");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"inputs\":[{\"data\":[1,2],\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1]}]}",
        "{\"inputs\":[{\"data\":[\"1\"],\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1]}]}",
        "{\"inputs\":[{\"data\":[1],\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[100000]}]}",
        "{\"inputs\":[{\"data\":[1],\"name\":\"x\",\"datatype\":\"FP32\"}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[{\"a\":1}]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"BOOL\",\"shape\":[1],\"data\":[null]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1],\"parameters\":7}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}],\"parameters\":[]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}],\"outputs\":{}}",
    })
    void rejectsMalformedTensorsWhateverTheFieldOrder(String body) {
        assertThatThrownBy(() -> read(body))
                .isInstanceOfSatisfying(MarqueeException.class,
                        failure -> assertThat(failure.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "[]",
        "{\"inputs\":[]}",
        "{\"inputs\":{}}",
        "{\"inputs\":[{\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"data\":[1]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP128\",\"shape\":[1],\"data\":[1]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[-1],\"data\":[1]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1.5],\"data\":[1]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[2],\"data\":[1]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1,2]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[\"1\"]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"INT32\",\"shape\":[1],\"data\":[1.5]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"BOOL\",\"shape\":[1],\"data\":[1]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[1]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[null]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[NaN]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1e999]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[100000],\"data\":[1]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[9223372036854775807,2],\"data\":[1]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}],\"outputs\":[{}]}",
        "{\"id\":7,\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}]}",
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]",
    })
    void rejectsMalformedRequestsAsInvalidArgument(String body) {
        assertThatThrownBy(() -> read(body))
                .isInstanceOfSatisfying(MarqueeException.class,
                        failure -> assertThat(failure.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void rejectsDeepNesting() {
        String nested = "[".repeat(40) + "1" + "]".repeat(40);
        assertThatThrownBy(() -> read("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":" + nested + "}]}"))
                .hasMessageContaining("nested deeper");
    }

    @Test
    void limitCountsEveryInputOfTheRequest() {
        String tensor = "{\"name\":\"x%d\",\"datatype\":\"FP32\",\"shape\":[600],\"data\":[" + "1,".repeat(599) + "1]}";
        assertThatThrownBy(() -> read("{\"inputs\":[" + tensor.formatted(1) + "," + tensor.formatted(2) + "]}"))
                .hasMessageContaining("over the request limit of 1000");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "INT8    | -128                 | 127",
        "INT16   | -32768               | 32767",
        "INT32   | -2147483648          | 2147483647",
        "INT64   | -9223372036854775808 | 9223372036854775807",
        "UINT8   | 0                    | 255",
        "UINT16  | 0                    | 65535",
        "UINT32  | 0                    | 4294967295",
        "UINT64  | 0                    | 18446744073709551615",
        "FP16    | -65504               | 65504",
        "FP32    | -3.4e38              | 3.4e38",
        "FP64    | -1.7e308             | 1.7e308",
    })
    void readsEveryNumericDatatypeUpToItsLimits(String datatype, String lowest, String highest) {
        InferenceRequest request = read("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"%s\",\"shape\":[2],\"data\":[%s,%s]}]}"
                .formatted(datatype, lowest, highest));
        InferenceTensor tensor = request.inputs().getFirst();
        assertThat(tensor.datatype()).isEqualTo(Datatype.valueOf(datatype));
        assertThat(((TensorData.Numbers) tensor.data()).values())
                .containsExactly(new java.math.BigDecimal(lowest).doubleValue(), new java.math.BigDecimal(highest).doubleValue());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "INT8    | 128",
        "INT8    | -129",
        "INT16   | 32768",
        "INT32   | 2147483648",
        "INT32   | -2147483649",
        "INT64   | 9223372036854775808",
        "UINT8   | 256",
        "UINT8   | -1",
        "UINT16  | 65536",
        "UINT32  | 4294967296",
        "UINT64  | 18446744073709551616",
        "UINT64  | -1",
        "FP16    | 65505",
        "FP32    | 3.5e38",
        "FP32    | -3.5e38",
    })
    void rejectsValuesOutOfTheDatatypesRangeNamingTheElement(String datatype, String value) {
        assertThatThrownBy(() -> read("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"%s\",\"shape\":[2],\"data\":[0,%s]}]}"
                        .formatted(datatype, value)))
                .isInstanceOfSatisfying(MarqueeException.class,
                        failure -> assertThat(failure.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("input 'x' element 1")
                .hasMessageContaining("out of range for " + datatype);
    }

    @Test
    void acceptsTensorAndOutputParametersAndRejectsThemWhenNotObjects() {
        InferenceRequest request = read("""
                {"inputs":[{"name":"x","datatype":"FP32","shape":[1],"data":[1],"parameters":{"content_type":"np"}}],
                 "outputs":[{"name":"predict","parameters":{"binary_data":false}}]}""");
        assertThat(request.requestedOutputs()).containsExactly("predict");
        assertThatThrownBy(() -> read("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1],\"parameters\":[]}]}"))
                .hasMessageContaining("input 'x': 'parameters' must be an object");
    }

    @Test
    void writesUnsignedSixtyFourBitOutputsExactly() {
        byte[] json = codec.writeResponse(new InferenceResponse("m", "1", Optional.empty(), List.of(
                InferenceTensor.numbers("big", Datatype.UINT64, new double[] {0x1p63}, 1))));
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"data\":[9223372036854775808]");
    }

    @Test
    void writesTypedOutputs() {
        byte[] json = codec.writeResponse(new InferenceResponse("churn", "3", Optional.of("r1"), List.of(
                InferenceTensor.strings("predict", new String[] {"yes"}, 1),
                InferenceTensor.numbers("probabilities", Datatype.FP32, new double[] {0.25, 0.75}, 1, 2),
                InferenceTensor.numbers("count", Datatype.INT64, new double[] {7}, 1))));
        assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo(
                "{\"model_name\":\"churn\",\"model_version\":\"3\",\"id\":\"r1\",\"outputs\":["
                        + "{\"name\":\"predict\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\"yes\"]},"
                        + "{\"name\":\"probabilities\",\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":[0.25,0.75]},"
                        + "{\"name\":\"count\",\"datatype\":\"INT64\",\"shape\":[1],\"data\":[7]}]}");
    }

    /**
     * Seeded mutation fuzzing of a valid request through the codec and a bound model: every outcome is a result or
     * an INVALID_ARGUMENT, never another exception.
     */
    @Test
    void mutatedRequestsNeverFailOtherThanAsInvalidArgument() {
        ModelBinding binding = new ModelBinding(new FakeModel(Task.CLASSIFICATION,
                new Column("hours", ColumnType.NUMERIC), new Column("kids", ColumnType.BOOLEAN),
                new Column("plan", ColumnType.CATEGORICAL)));
        String valid = "{\"id\":\"x\",\"inputs\":[{\"name\":\"hours\",\"datatype\":\"FP64\",\"shape\":[2],\"data\":[1.5,2]},"
                + "{\"name\":\"kids\",\"datatype\":\"BOOL\",\"shape\":[2,1],\"data\":[[true],[false]]},"
                + "{\"name\":\"plan\",\"datatype\":\"BYTES\",\"shape\":[2],\"data\":[\"basic\",\"premium\"]}],"
                + "\"outputs\":[{\"name\":\"predict\"}]}";
        String alphabet = "{}[]\",:0123456789.-eE truefalsnul\\ABCDFPIBYTESOLshapedatname";
        SplittableRandom random = new SplittableRandom(20261128);
        int succeeded = 0;
        for (int round = 0; round < 5_000; round++) {
            StringBuilder mutated = new StringBuilder(valid);
            int edits = 1 + random.nextInt(4);
            for (int edit = 0; edit < edits; edit++) {
                int position = random.nextInt(mutated.length());
                switch (random.nextInt(3)) {
                    case 0 -> mutated.deleteCharAt(position);
                    case 1 -> mutated.insert(position, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> mutated.setCharAt(position, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            try {
                binding.infer(codec.readRequest(mutated.toString().getBytes(StandardCharsets.UTF_8)));
                succeeded++;
            } catch (MarqueeException expected) {
                assertThat(expected.code()).as(mutated.toString()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            }
        }
        assertThat(succeeded).as("some mutations stay valid").isPositive();
    }

    private InferenceRequest read(String body) {
        return codec.readRequest(body.getBytes(StandardCharsets.UTF_8));
    }
}
