package dev.marquee.server;

import com.google.protobuf.ByteString;
import dev.marquee.core.MarqueeException;
import dev.marquee.runtime.Datatype;
import dev.marquee.runtime.ElementBudget;
import dev.marquee.runtime.InferenceRequest;
import dev.marquee.runtime.InferenceResponse;
import dev.marquee.runtime.InferenceTensor;
import dev.marquee.runtime.RawTensors;
import dev.marquee.runtime.TensorData;
import dev.marquee.server.oip.InferParameter;
import dev.marquee.server.oip.InferTensorContents;
import dev.marquee.server.oip.ModelInferRequest;
import dev.marquee.server.oip.ModelInferResponse;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns gRPC {@code ModelInferRequest}s into the runtime's {@link InferenceRequest} and responses back, with the same
 * checks as the JSON codec: every declared shape is claimed from the request's {@link ElementBudget} before anything
 * is allocated for it, and every element is checked against its datatype's range. Input tensors come either all as
 * typed {@code contents} or all as {@code raw_input_contents}; the response answers in the same form (raw also when
 * an output is FP16, which has no typed field). Thread-safe.
 */
final class OipGrpcCodec {
    private final long maxElements;

    /** @param maxElements most elements one request may declare over all its inputs ({@code max-infer-elements}) */
    OipGrpcCodec(long maxElements) {
        if (maxElements <= 0) {
            throw new IllegalArgumentException("maxElements must be positive: " + maxElements);
        }
        this.maxElements = maxElements;
    }

    InferenceRequest readRequest(ModelInferRequest request) {
        if (request.getInputsCount() == 0) {
            throw MarqueeException.invalid("'inputs' must hold at least one tensor");
        }
        boolean raw = request.getRawInputContentsCount() > 0;
        if (raw && request.getRawInputContentsCount() != request.getInputsCount()) {
            throw MarqueeException.invalid(
                    "'raw_input_contents' has %d entries for %d inputs; give one per input, in order",
                    request.getRawInputContentsCount(), request.getInputsCount());
        }
        ElementBudget budget = new ElementBudget(maxElements);
        List<InferenceTensor> inputs = new ArrayList<>(request.getInputsCount());
        for (int index = 0; index < request.getInputsCount(); index++) {
            ModelInferRequest.InferInputTensor input = request.getInputs(index);
            String name = input.getName();
            if (name.isEmpty()) {
                throw MarqueeException.invalid("inputs[%d] needs a non-empty 'name'", index);
            }
            Datatype datatype = Datatype.parse(name, input.getDatatype());
            List<Long> shape = input.getShapeList();
            int count = budget.claim(name, shape);
            TensorData data;
            if (raw) {
                if (input.hasContents()) {
                    throw MarqueeException.invalid(
                            "input '%s' has 'contents' although the request uses 'raw_input_contents'", name);
                }
                data = RawTensors.decode(name, datatype, count, request.getRawInputContents(index).asReadOnlyByteBuffer());
            } else {
                data = typed(name, datatype, count, input.getContents());
            }
            inputs.add(new InferenceTensor(name, datatype, shape, data));
        }
        List<String> outputs = new ArrayList<>(request.getOutputsCount());
        for (ModelInferRequest.InferRequestedOutputTensor output : request.getOutputsList()) {
            if (output.getName().isEmpty()) {
                throw MarqueeException.invalid("every entry of 'outputs' needs a non-empty 'name'");
            }
            outputs.add(output.getName());
        }
        Optional<String> id = request.getId().isEmpty() ? Optional.empty() : Optional.of(request.getId());
        return new InferenceRequest(id, inputs, outputs, parameters(request.getParametersMap()));
    }

    private static TensorData typed(String name, Datatype datatype, int count, InferTensorContents contents) {
        int given = contents.getBoolContentsCount() + contents.getIntContentsCount() + contents.getInt64ContentsCount()
                + contents.getUintContentsCount() + contents.getUint64ContentsCount() + contents.getFp32ContentsCount()
                + contents.getFp64ContentsCount() + contents.getBytesContentsCount();
        int matching = switch (datatype) {
            case BOOL -> contents.getBoolContentsCount();
            case INT8, INT16, INT32 -> contents.getIntContentsCount();
            case INT64 -> contents.getInt64ContentsCount();
            case UINT8, UINT16, UINT32 -> contents.getUintContentsCount();
            case UINT64 -> contents.getUint64ContentsCount();
            case FP16 -> throw MarqueeException.invalid(
                    "input '%s': FP16 has no typed contents field; send it in 'raw_input_contents'", name);
            case FP32 -> contents.getFp32ContentsCount();
            case FP64 -> contents.getFp64ContentsCount();
            case BYTES -> contents.getBytesContentsCount();
        };
        if (matching != given) {
            throw MarqueeException.invalid(
                    "input '%s': %s elements go in '%s'; other contents fields must be empty",
                    name, datatype, contentsField(datatype));
        }
        if (matching != count) {
            throw MarqueeException.invalid(
                    "input '%s': shape needs %d elements, '%s' has %d", name, count, contentsField(datatype), matching);
        }
        return switch (datatype) {
            case BOOL -> {
                boolean[] values = new boolean[count];
                for (int index = 0; index < count; index++) {
                    values[index] = contents.getBoolContents(index);
                }
                yield new TensorData.Booleans(values);
            }
            case BYTES -> {
                String[] values = new String[count];
                for (int index = 0; index < count; index++) {
                    values[index] = RawTensors.text(name, index, contents.getBytesContents(index).asReadOnlyByteBuffer());
                }
                yield new TensorData.Strings(values);
            }
            case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, FP16, FP32, FP64 -> {
                double[] values = new double[count];
                for (int index = 0; index < count; index++) {
                    values[index] = switch (datatype) {
                        case INT8, INT16, INT32 -> datatype.requireInRange(name, index, (long) contents.getIntContents(index));
                        case INT64 -> contents.getInt64Contents(index);
                        case UINT8, UINT16, UINT32 ->
                                datatype.requireInRange(name, index, Integer.toUnsignedLong(contents.getUintContents(index)));
                        case UINT64 -> Datatype.unsignedToDouble(contents.getUint64Contents(index));
                        case FP32 -> datatype.requireInRange(name, index, (double) contents.getFp32Contents(index));
                        case FP64 -> datatype.requireInRange(name, index, contents.getFp64Contents(index));
                        case BOOL, BYTES, FP16 -> throw new IllegalStateException("handled above: " + datatype);
                    };
                }
                yield new TensorData.Numbers(values);
            }
        };
    }

    private static String contentsField(Datatype datatype) {
        return switch (datatype) {
            case BOOL -> "bool_contents";
            case INT8, INT16, INT32 -> "int_contents";
            case INT64 -> "int64_contents";
            case UINT8, UINT16, UINT32 -> "uint_contents";
            case UINT64 -> "uint64_contents";
            case FP16 -> "raw_input_contents";
            case FP32 -> "fp32_contents";
            case FP64 -> "fp64_contents";
            case BYTES -> "bytes_contents";
        };
    }

    /** Request parameters as the runtime sees them from JSON too: Boolean, Long, Double, String (BigInteger above a long). */
    private static Map<String, Object> parameters(Map<String, InferParameter> parameters) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, InferParameter> entry : parameters.entrySet()) {
            InferParameter parameter = entry.getValue();
            switch (parameter.getParameterChoiceCase()) {
                case BOOL_PARAM -> values.put(entry.getKey(), parameter.getBoolParam());
                case INT64_PARAM -> values.put(entry.getKey(), parameter.getInt64Param());
                case STRING_PARAM -> values.put(entry.getKey(), parameter.getStringParam());
                case DOUBLE_PARAM -> values.put(entry.getKey(), parameter.getDoubleParam());
                case UINT64_PARAM -> {
                    long bits = parameter.getUint64Param();
                    values.put(entry.getKey(), bits >= 0 ? (Object) bits : new BigInteger(Long.toUnsignedString(bits)));
                }
                case PARAMETERCHOICE_NOT_SET -> throw MarqueeException.invalid("parameter '%s' has no value", entry.getKey());
            }
        }
        return values;
    }

    /** The response; raw outputs when {@code raw} (the request used raw inputs) or when an output is FP16. */
    ModelInferResponse writeResponse(InferenceResponse response, boolean raw) {
        boolean rawOutputs = raw || response.outputs().stream().anyMatch(output -> output.datatype() == Datatype.FP16);
        ModelInferResponse.Builder builder = ModelInferResponse.newBuilder()
                .setModelName(response.modelName())
                .setModelVersion(response.modelVersion());
        response.id().ifPresent(builder::setId);
        for (InferenceTensor output : response.outputs()) {
            ModelInferResponse.InferOutputTensor.Builder tensor = ModelInferResponse.InferOutputTensor.newBuilder()
                    .setName(output.name())
                    .setDatatype(output.datatype().name())
                    .addAllShape(output.shape());
            if (rawOutputs) {
                builder.addRawOutputContents(ByteString.copyFrom(RawTensors.encode(output)));
            } else {
                tensor.setContents(contents(output));
            }
            builder.addOutputs(tensor);
        }
        return builder.build();
    }

    private static InferTensorContents contents(InferenceTensor tensor) {
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        switch (tensor.data()) {
            case TensorData.Booleans booleans -> {
                for (boolean value : booleans.values()) {
                    contents.addBoolContents(value);
                }
            }
            case TensorData.Strings strings -> {
                for (String value : strings.values()) {
                    contents.addBytesContents(ByteString.copyFromUtf8(value));
                }
            }
            case TensorData.Numbers numbers -> {
                for (double value : numbers.values()) {
                    switch (tensor.datatype()) {
                        case INT8, INT16, INT32 -> contents.addIntContents((int) value);
                        case INT64 -> contents.addInt64Contents((long) value);
                        case UINT8, UINT16, UINT32 -> contents.addUintContents((int) (long) value);
                        case UINT64 -> contents.addUint64Contents(Datatype.unsignedBits(value));
                        case FP32 -> contents.addFp32Contents((float) value);
                        case FP64 -> contents.addFp64Contents(value);
                        case FP16, BOOL, BYTES -> throw new IllegalStateException(
                                "typed contents for " + tensor.datatype() + " output '" + tensor.name() + "'");
                    }
                }
            }
        }
        return contents.build();
    }
}
