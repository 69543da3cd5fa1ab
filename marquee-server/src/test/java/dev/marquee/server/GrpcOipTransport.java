package dev.marquee.server;

import com.google.protobuf.ByteString;
import dev.marquee.runtime.Datatype;
import dev.marquee.server.oip.InferParameter;
import dev.marquee.server.oip.InferTensorContents;
import dev.marquee.server.oip.ModelInferRequest;
import dev.marquee.server.oip.ModelInferResponse;
import dev.marquee.server.oip.ModelMetadataRequest;
import dev.marquee.server.oip.ModelMetadataResponse;
import dev.marquee.server.oip.ModelReadyRequest;
import dev.marquee.server.oip.ServerLiveRequest;
import dev.marquee.server.oip.ServerMetadataRequest;
import dev.marquee.server.oip.ServerMetadataResponse;
import dev.marquee.server.oip.ServerReadyRequest;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC binding of the protocol ({@code inference.GRPCInferenceService}), sending inputs as typed
 * {@code contents} or as {@code raw_input_contents}. The raw encoding here is written from the specification
 * (little-endian, BYTES as a 4-byte length then the bytes), independently of the server's own codec.
 */
final class GrpcOipTransport implements OipTransport {
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final ManagedChannel channel;
    private final boolean raw;

    GrpcOipTransport(int port, boolean raw) {
        this.channel = Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create()).build();
        this.raw = raw;
    }

    @Override
    public String protocol() {
        return "grpc";
    }

    @Override
    public String toString() {
        return raw ? "gRPC, raw contents" : "gRPC, typed contents";
    }

    private <Q, R> R call(Optional<String> key, MethodDescriptor<Q, R> method, Q request) {
        Channel target = channel;
        if (key.isPresent()) {
            Metadata headers = new Metadata();
            headers.put(AUTHORIZATION, "Bearer " + key.get());
            target = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        try {
            return ClientCalls.blockingUnaryCall(target, method, CallOptions.DEFAULT.withDeadlineAfter(1, TimeUnit.MINUTES), request);
        } catch (StatusRuntimeException e) {
            throw new Failure(e.getStatus().getCode().name(), String.valueOf(e.getStatus().getDescription()));
        }
    }

    @Override
    public boolean live() {
        return call(Optional.empty(), OipGrpcService.SERVER_LIVE, ServerLiveRequest.getDefaultInstance()).getLive();
    }

    @Override
    public boolean ready() {
        return call(Optional.empty(), OipGrpcService.SERVER_READY, ServerReadyRequest.getDefaultInstance()).getReady();
    }

    @Override
    public ServerInfo serverMetadata() {
        ServerMetadataResponse response =
                call(Optional.empty(), OipGrpcService.SERVER_METADATA, ServerMetadataRequest.getDefaultInstance());
        return new ServerInfo(response.getName(), response.getVersion(), response.getExtensionsList());
    }

    @Override
    public ModelInfo modelMetadata(Optional<String> key, String model, Optional<String> version) {
        ModelMetadataResponse response = call(key, OipGrpcService.MODEL_METADATA,
                ModelMetadataRequest.newBuilder().setName(model).setVersion(version.orElse("")).build());
        return new ModelInfo(response.getName(), response.getVersionsList(), response.getPlatform(),
                tensors(response.getInputsList()), tensors(response.getOutputsList()));
    }

    private static List<TensorInfo> tensors(List<ModelMetadataResponse.TensorMetadata> tensors) {
        return tensors.stream().map(tensor -> new TensorInfo(tensor.getName(), tensor.getDatatype(), tensor.getShapeList()))
                .toList();
    }

    @Override
    public boolean modelReady(Optional<String> key, String model, Optional<String> version) {
        return call(key, OipGrpcService.MODEL_READY,
                ModelReadyRequest.newBuilder().setName(model).setVersion(version.orElse("")).build()).getReady();
    }

    @Override
    public Result infer(Optional<String> key, String model, Optional<String> version, Request request) {
        ModelInferResponse response = call(key, OipGrpcService.MODEL_INFER, message(model, version, request));
        return result(response);
    }

    /** The serialized ModelInfer message this transport would send. */
    byte[] inferMessage(String model, Request request) {
        return message(model, Optional.empty(), request).toByteArray();
    }

    /** Sends arbitrary bytes as a ModelInfer message; answers the status code's name ({@code OK} on success). */
    String inferBytes(Optional<String> key, byte[] message) {
        MethodDescriptor<byte[], byte[]> method = OipGrpcService.MODEL_INFER.toBuilder(RawGrpcMessages.MARSHALLER, RawGrpcMessages.MARSHALLER).build();
        try {
            call(key, method, message);
            return "OK";
        } catch (Failure failure) {
            return failure.status();
        }
    }

    private ModelInferRequest message(String model, Optional<String> version, Request request) {
        ModelInferRequest.Builder builder = ModelInferRequest.newBuilder()
                .setModelName(model)
                .setModelVersion(version.orElse(""));
        request.id().ifPresent(builder::setId);
        request.parameters().forEach((name, value) -> builder.putParameters(name, parameter(value)));
        for (Tensor input : request.inputs()) {
            ModelInferRequest.InferInputTensor.Builder tensor = ModelInferRequest.InferInputTensor.newBuilder()
                    .setName(input.name())
                    .setDatatype(input.datatype().name())
                    .addAllShape(input.shape());
            if (raw) {
                builder.addRawInputContents(ByteString.copyFrom(rawBytes(input)));
            } else {
                tensor.setContents(contents(input));
            }
            builder.addInputs(tensor);
        }
        request.outputs().forEach(name ->
                builder.addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName(name)));
        return builder.build();
    }

    private static Result result(ModelInferResponse response) {
        boolean rawOutputs = response.getRawOutputContentsCount() > 0;
        if (rawOutputs && response.getRawOutputContentsCount() != response.getOutputsCount()) {
            throw new AssertionError("raw_output_contents must have one entry per output: " + response);
        }
        List<Tensor> outputs = new ArrayList<>();
        for (int index = 0; index < response.getOutputsCount(); index++) {
            ModelInferResponse.InferOutputTensor output = response.getOutputs(index);
            Datatype datatype = Datatype.valueOf(output.getDatatype());
            if (rawOutputs && output.hasContents()) {
                throw new AssertionError("output has contents although raw_output_contents is used: " + output);
            }
            List<Object> data = rawOutputs
                    ? fromRaw(datatype, response.getRawOutputContents(index))
                    : fromContents(datatype, output.getContents());
            outputs.add(new Tensor(output.getName(), datatype, output.getShapeList(), data));
        }
        Optional<String> id = response.getId().isEmpty() ? Optional.empty() : Optional.of(response.getId());
        return new Result(response.getModelName(), response.getModelVersion(), id, outputs, rawOutputs);
    }

    private static InferParameter parameter(Object value) {
        return switch (value) {
            case Boolean flag -> InferParameter.newBuilder().setBoolParam(flag).build();
            case Long number -> InferParameter.newBuilder().setInt64Param(number).build();
            case Integer number -> InferParameter.newBuilder().setInt64Param(number).build();
            case Double number -> InferParameter.newBuilder().setDoubleParam(number).build();
            case String text -> InferParameter.newBuilder().setStringParam(text).build();
            default -> throw new IllegalArgumentException("parameter value " + value);
        };
    }

    private static InferTensorContents contents(Tensor tensor) {
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        for (Object value : tensor.data()) {
            switch (tensor.datatype()) {
                case BOOL -> contents.addBoolContents((Boolean) value);
                case INT8, INT16, INT32 -> contents.addIntContents(((Number) value).intValue());
                case INT64 -> contents.addInt64Contents(((Number) value).longValue());
                case UINT8, UINT16, UINT32 -> contents.addUintContents((int) ((Number) value).longValue());
                case UINT64 -> contents.addUint64Contents(((Number) value).longValue());
                case FP32 -> contents.addFp32Contents(((Number) value).floatValue());
                case FP64 -> contents.addFp64Contents(((Number) value).doubleValue());
                case BYTES -> contents.addBytesContents(ByteString.copyFromUtf8((String) value));
                // The specification has no typed field for FP16; the server must refuse it.
                case FP16 -> contents.addFp32Contents(((Number) value).floatValue());
            }
        }
        return contents.build();
    }

    /** The specification's raw layout: little-endian, no padding; BYTES as a uint32 length then the bytes. */
    static byte[] rawBytes(Tensor tensor) {
        ByteBuffer out = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (Object value : tensor.data()) {
            switch (tensor.datatype()) {
                case BOOL -> out.put((byte) ((Boolean) value ? 1 : 0));
                case INT8, UINT8 -> out.put((byte) ((Number) value).longValue());
                case INT16, UINT16 -> out.putShort((short) ((Number) value).longValue());
                case INT32, UINT32 -> out.putInt((int) ((Number) value).longValue());
                case INT64, UINT64 -> out.putLong(((Number) value).longValue());
                case FP16 -> out.putShort(Float.floatToFloat16(((Number) value).floatValue()));
                case FP32 -> out.putFloat(((Number) value).floatValue());
                case FP64 -> out.putDouble(((Number) value).doubleValue());
                case BYTES -> {
                    byte[] bytes = ((String) value).getBytes(StandardCharsets.UTF_8);
                    out.putInt(bytes.length).put(bytes);
                }
            }
        }
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    private static List<Object> fromRaw(Datatype datatype, ByteString raw) {
        ByteBuffer in = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        List<Object> values = new ArrayList<>();
        while (in.hasRemaining()) {
            values.add(switch (datatype) {
                case BOOL -> in.get() != 0;
                case INT8 -> (double) in.get();
                case UINT8 -> (double) Byte.toUnsignedInt(in.get());
                case INT16 -> (double) in.getShort();
                case UINT16 -> (double) Short.toUnsignedInt(in.getShort());
                case INT32 -> (double) in.getInt();
                case UINT32 -> (double) Integer.toUnsignedLong(in.getInt());
                case INT64, UINT64 -> (double) in.getLong();
                case FP16 -> (double) Float.float16ToFloat(in.getShort());
                case FP32 -> (double) in.getFloat();
                case FP64 -> in.getDouble();
                case BYTES -> {
                    byte[] bytes = new byte[in.getInt()];
                    in.get(bytes);
                    yield new String(bytes, StandardCharsets.UTF_8);
                }
            });
        }
        return values;
    }

    private static List<Object> fromContents(Datatype datatype, InferTensorContents contents) {
        List<Object> values = new ArrayList<>();
        switch (datatype) {
            case BOOL -> values.addAll(contents.getBoolContentsList());
            case INT8, INT16, INT32 -> contents.getIntContentsList().forEach(value -> values.add((double) value));
            case INT64 -> contents.getInt64ContentsList().forEach(value -> values.add((double) value));
            case UINT8, UINT16, UINT32 ->
                    contents.getUintContentsList().forEach(value -> values.add((double) Integer.toUnsignedLong(value)));
            case UINT64 -> contents.getUint64ContentsList().forEach(value -> values.add((double) value));
            case FP32 -> contents.getFp32ContentsList().forEach(value -> values.add((double) value));
            case FP64 -> values.addAll(contents.getFp64ContentsList());
            case BYTES -> contents.getBytesContentsList().forEach(value -> values.add(value.toStringUtf8()));
            case FP16 -> throw new AssertionError("FP16 has no typed contents field");
        }
        return values;
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
