package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import ai.onnxruntime.MapInfo;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import dev.marquee.core.ErrorCode;
import dev.marquee.core.MarqueeException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX model served by ONNX Runtime: one {@link OrtSession} per loaded model, which ONNX Runtime documents as safe
 * to run from many threads at once.
 *
 * <p><b>Inputs.</b> Every graph input must be a tensor of element type FLOAT, DOUBLE, INT8, INT16, INT32, INT64,
 * UINT8, BOOL or STRING (Open Inference Protocol FP32, FP64, INT8, INT16, INT32, INT64, UINT8, BOOL, BYTES); a graph
 * with another kind of input does not load. A request must send every input with exactly its datatype, its rank and
 * its fixed dimensions (a symbolic or unknown dimension, -1 in the metadata, takes any size); integer values must be
 * whole and within the type's range. Each violation is INVALID_ARGUMENT naming the tensor. Initializers that are also
 * graph inputs are not inputs a caller must send.
 *
 * <p><b>Outputs.</b> Tensor outputs of the supported element types are returned with their shape. A sequence of maps
 * (for example the probabilities of an {@code ai.onnx.ml.ZipMap}, {@code [{0: 0.2, 1: 0.8}, ...]}) is returned as an
 * FP32 tensor {@code [n, k]} whose columns are the map keys in ascending order (numeric order for integer keys); its
 * metadata shape is {@code [-1, -1]}. Other outputs (maps, sequences of tensors, unsupported element types) are not
 * listed in the metadata and never returned. Requested outputs must be among those listed.
 *
 * <p><b>Lifecycle.</b> {@link #close()} closes the session, releasing its native memory; it waits for requests
 * running on the model, and later requests are UNAVAILABLE. Thread-safe.
 */
public final class OnnxServedModel implements ServedModel {
    /** The Open Inference Protocol platform name, as Triton and KServe report it. */
    public static final String PLATFORM = "onnxruntime_onnx";

    /**
     * Native memory per byte of model file: ONNX Runtime holds the weights once, plus its graph and arena; twice the
     * file is the estimate until the loaded-model cache measures.
     */
    static final long MEMORY_PER_FILE_BYTE = 2;

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final List<TensorSpec> inputSpecs;
    private final Map<String, TensorSpec> inputsByName;
    private final Map<String, TensorSpec> outputsByName;
    private final List<TensorSpec> outputSpecs;
    private final Map<String, String> properties;
    private final long memoryBytes;
    private final NativeLifecycle lifecycle = new NativeLifecycle();

    private OnnxServedModel(OrtEnvironment environment, OrtSession session, long fileBytes) throws OrtException {
        this.environment = environment;
        this.session = session;
        this.inputSpecs = inputSpecs(session.getInputInfo());
        Map<String, TensorSpec> inputs = new LinkedHashMap<>();
        inputSpecs.forEach(spec -> inputs.put(spec.name(), spec));
        this.inputsByName = inputs;
        this.outputSpecs = outputSpecs(session.getOutputInfo());
        Map<String, TensorSpec> outputs = new LinkedHashMap<>();
        outputSpecs.forEach(spec -> outputs.put(spec.name(), spec));
        this.outputsByName = outputs;
        this.properties = properties(session);
        this.memoryBytes = Math.multiplyExact(fileBytes, MEMORY_PER_FILE_BYTE);
    }

    /**
     * Loads an ONNX model file. A file ONNX Runtime cannot load, or a graph with an input Marquee cannot feed, is
     * INVALID_ARGUMENT saying why; nothing stays allocated then.
     */
    public static OnnxServedModel load(byte[] model) {
        requireNonNull(model, "model is null");
        if (model.length == 0) {
            throw MarqueeException.invalid("the ONNX model file is empty");
        }
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            session = environment.createSession(model, options);
        } catch (OrtException e) {
            throw MarqueeException.invalid("ONNX Runtime cannot load the model: %s", NativeLifecycle.firstLine(e.getMessage()));
        }
        try {
            return new OnnxServedModel(environment, session, model.length);
        } catch (OrtException | RuntimeException e) {
            closeQuietly(session);
            if (e instanceof MarqueeException marquee) {
                throw marquee;
            }
            throw MarqueeException.invalid("ONNX Runtime cannot describe the model: %s", NativeLifecycle.firstLine(e.getMessage()));
        }
    }

    @Override
    public String platform() {
        return PLATFORM;
    }

    @Override
    public List<TensorSpec> inputSpecs() {
        return inputSpecs;
    }

    @Override
    public List<TensorSpec> outputSpecs() {
        return outputSpecs;
    }

    /** What the model file says of itself: producer, graph name, domain, version and custom metadata. */
    public Map<String, String> properties() {
        return properties;
    }

    @Override
    public long memoryBytes() {
        return memoryBytes;
    }

    @Override
    public List<InferenceTensor> infer(InferenceRequest request) {
        requireNonNull(request, "request is null");
        Set<String> requested = requestedOutputs(request.requestedOutputs());
        return lifecycle.use(() -> {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            try {
                for (InferenceTensor tensor : checkedInputs(request.inputs())) {
                    inputs.put(tensor.name(), toOnnx(tensor, inputsByName.get(tensor.name())));
                }
                try (OrtSession.Result result = session.run(inputs, requested)) {
                    List<InferenceTensor> outputs = new ArrayList<>(requested.size());
                    for (String name : requested) {
                        OnnxValue value = result.get(name).orElseThrow(() -> new MarqueeException(
                                ErrorCode.INTERNAL, "ONNX Runtime returned no output '%s'".formatted(name)));
                        outputs.add(fromOnnx(outputsByName.get(name), value));
                    }
                    return outputs;
                }
            } catch (OrtException e) {
                // Every input passed the checks above, so what is left is the graph refusing these values
                // together (e.g. inputs whose batch sizes differ).
                throw MarqueeException.invalid("ONNX Runtime rejected the inputs: %s", NativeLifecycle.firstLine(e.getMessage()));
            } finally {
                inputs.values().forEach(OnnxTensor::close);
            }
        });
    }

    /** Closes the session once no request runs on it; idempotent. */
    @Override
    public void close() {
        lifecycle.release(() -> closeQuietly(session));
    }

    /** The session, so that tests can check it was closed. */
    OrtSession session() {
        return session;
    }

    private Set<String> requestedOutputs(List<String> names) {
        if (names.isEmpty()) {
            return new LinkedHashSet<>(outputsByName.keySet());
        }
        Set<String> requested = new LinkedHashSet<>();
        for (String name : names) {
            if (!outputsByName.containsKey(name)) {
                throw MarqueeException.invalid(
                        "unknown output '%s'; the model's outputs are %s", name, outputsByName.keySet());
            }
            requested.add(name);
        }
        return requested;
    }

    private List<InferenceTensor> checkedInputs(List<InferenceTensor> tensors) {
        Map<String, InferenceTensor> byName = new LinkedHashMap<>();
        for (InferenceTensor tensor : tensors) {
            TensorSpec spec = inputsByName.get(tensor.name());
            if (spec == null) {
                throw MarqueeException.invalid(
                        "unknown input '%s'; the model's inputs are %s", tensor.name(), inputsByName.keySet());
            }
            if (byName.put(tensor.name(), tensor) != null) {
                throw MarqueeException.invalid("input '%s' is given more than once", tensor.name());
            }
            checkShape(tensor, spec);
        }
        for (String name : inputsByName.keySet()) {
            if (!byName.containsKey(name)) {
                throw MarqueeException.invalid("missing input '%s'; the model needs %s", name, inputsByName.keySet());
            }
        }
        return List.copyOf(byName.values());
    }

    private static void checkShape(InferenceTensor tensor, TensorSpec spec) {
        if (tensor.datatype() != spec.datatype()) {
            throw MarqueeException.invalid(
                    "input '%s' must be %s, was %s", tensor.name(), spec.datatype(), tensor.datatype());
        }
        List<Long> shape = tensor.shape();
        if (shape.size() != spec.shape().size()) {
            throw MarqueeException.invalid(
                    "input '%s' must have rank %d (shape %s), was shape %s",
                    tensor.name(), spec.shape().size(), spec.shape(), shape);
        }
        for (int axis = 0; axis < shape.size(); axis++) {
            long expected = spec.shape().get(axis);
            if (expected >= 0 && shape.get(axis) != expected) {
                throw MarqueeException.invalid(
                        "input '%s' dimension %d must be %d (shape %s), was shape %s",
                        tensor.name(), axis, expected, spec.shape(), shape);
            }
        }
    }

    private OnnxTensor toOnnx(InferenceTensor tensor, TensorSpec spec) throws OrtException {
        long[] shape = tensor.shape().stream().mapToLong(Long::longValue).toArray();
        String name = tensor.name();
        return switch (tensor.data()) {
            case TensorData.Booleans booleans -> {
                ByteBuffer buffer = ByteBuffer.allocateDirect(booleans.values().length).order(ByteOrder.nativeOrder());
                for (boolean value : booleans.values()) {
                    buffer.put((byte) (value ? 1 : 0));
                }
                yield OnnxTensor.createTensor(environment, buffer.flip(), shape, OnnxJavaType.BOOL);
            }
            case TensorData.Strings strings -> OnnxTensor.createTensor(environment, strings.values(), shape);
            case TensorData.Numbers numbers -> numericTensor(name, spec.datatype(), numbers.values(), shape);
        };
    }

    private OnnxTensor numericTensor(String name, Datatype datatype, double[] values, long[] shape)
            throws OrtException {
        int count = values.length;
        return switch (datatype) {
            case FP32 -> {
                FloatBuffer buffer = directBuffer(count, Float.BYTES).asFloatBuffer();
                for (double value : values) {
                    buffer.put((float) value);
                }
                yield OnnxTensor.createTensor(environment, buffer.flip(), shape);
            }
            case FP64 -> OnnxTensor.createTensor(
                    environment, directBuffer(count, Double.BYTES).asDoubleBuffer().put(values).flip(), shape);
            case INT64 -> {
                LongBuffer buffer = directBuffer(count, Long.BYTES).asLongBuffer();
                for (int index = 0; index < count; index++) {
                    buffer.put((long) integer(name, datatype, values, index, -0x1p63, 0x1p63));
                }
                yield OnnxTensor.createTensor(environment, buffer.flip(), shape);
            }
            case INT32 -> {
                IntBuffer buffer = directBuffer(count, Integer.BYTES).asIntBuffer();
                for (int index = 0; index < count; index++) {
                    buffer.put((int) integer(name, datatype, values, index, Integer.MIN_VALUE, Integer.MAX_VALUE + 1.0));
                }
                yield OnnxTensor.createTensor(environment, buffer.flip(), shape);
            }
            case INT16 -> {
                ShortBuffer buffer = directBuffer(count, Short.BYTES).asShortBuffer();
                for (int index = 0; index < count; index++) {
                    buffer.put((short) integer(name, datatype, values, index, Short.MIN_VALUE, Short.MAX_VALUE + 1.0));
                }
                yield OnnxTensor.createTensor(environment, buffer.flip(), shape, OnnxJavaType.INT16);
            }
            case INT8, UINT8 -> {
                double low = datatype == Datatype.INT8 ? Byte.MIN_VALUE : 0;
                double high = datatype == Datatype.INT8 ? Byte.MAX_VALUE + 1.0 : 256;
                ByteBuffer buffer = directBuffer(count, 1);
                for (int index = 0; index < count; index++) {
                    buffer.put((byte) (long) integer(name, datatype, values, index, low, high));
                }
                OnnxJavaType type = datatype == Datatype.INT8 ? OnnxJavaType.INT8 : OnnxJavaType.UINT8;
                yield OnnxTensor.createTensor(environment, buffer.flip(), shape, type);
            }
            case BOOL, BYTES, FP16, UINT16, UINT32, UINT64 -> throw MarqueeException.invalid(
                    "input '%s' must be %s, was numbers", name, datatype);
        };
    }

    /** The value at {@code index}, checked to be whole and within [{@code low}, {@code high}). */
    private static double integer(String name, Datatype datatype, double[] values, int index, double low, double high) {
        double value = values[index];
        if (value != Math.rint(value) || value < low || value >= high) {
            throw MarqueeException.invalid(
                    "input '%s' element %d: %s is not a %s value", name, index, value, datatype);
        }
        return value;
    }

    private static ByteBuffer directBuffer(int count, int elementBytes) {
        return ByteBuffer.allocateDirect(Math.multiplyExact(count, elementBytes)).order(ByteOrder.nativeOrder());
    }

    private static InferenceTensor fromOnnx(TensorSpec spec, OnnxValue value) throws OrtException {
        return switch (value) {
            case OnnxTensor tensor -> fromTensor(spec, tensor);
            case OnnxSequence sequence -> fromSequenceOfMaps(spec, sequence);
            default -> throw new MarqueeException(
                    ErrorCode.INTERNAL,
                    "output '%s' is a %s, which Marquee does not return".formatted(spec.name(), value.getType()));
        };
    }

    private static InferenceTensor fromTensor(TensorSpec spec, OnnxTensor tensor) throws OrtException {
        TensorInfo info = tensor.getInfo();
        List<Long> shape = Arrays.stream(info.getShape()).boxed().toList();
        TensorData data = switch (spec.datatype()) {
            case FP32 -> {
                FloatBuffer buffer = tensor.getFloatBuffer();
                double[] values = new double[buffer.remaining()];
                for (int index = 0; index < values.length; index++) {
                    values[index] = buffer.get(index);
                }
                yield new TensorData.Numbers(values);
            }
            case FP64 -> {
                DoubleBuffer buffer = tensor.getDoubleBuffer();
                double[] values = new double[buffer.remaining()];
                buffer.get(values);
                yield new TensorData.Numbers(values);
            }
            case INT64 -> {
                LongBuffer buffer = tensor.getLongBuffer();
                double[] values = new double[buffer.remaining()];
                for (int index = 0; index < values.length; index++) {
                    values[index] = buffer.get(index);
                }
                yield new TensorData.Numbers(values);
            }
            case INT32 -> {
                IntBuffer buffer = tensor.getIntBuffer();
                double[] values = new double[buffer.remaining()];
                for (int index = 0; index < values.length; index++) {
                    values[index] = buffer.get(index);
                }
                yield new TensorData.Numbers(values);
            }
            case INT16 -> {
                ShortBuffer buffer = tensor.getShortBuffer();
                double[] values = new double[buffer.remaining()];
                for (int index = 0; index < values.length; index++) {
                    values[index] = buffer.get(index);
                }
                yield new TensorData.Numbers(values);
            }
            case INT8, UINT8 -> {
                ByteBuffer buffer = tensor.getByteBuffer();
                double[] values = new double[buffer.remaining()];
                for (int index = 0; index < values.length; index++) {
                    byte raw = buffer.get(index);
                    values[index] = spec.datatype() == Datatype.UINT8 ? Byte.toUnsignedInt(raw) : raw;
                }
                yield new TensorData.Numbers(values);
            }
            case BOOL -> {
                List<Object> elements = flatten(tensor.getValue());
                boolean[] values = new boolean[elements.size()];
                for (int index = 0; index < values.length; index++) {
                    values[index] = (Boolean) elements.get(index);
                }
                yield new TensorData.Booleans(values);
            }
            case BYTES -> new TensorData.Strings(
                    flatten(tensor.getValue()).stream().map(String.class::cast).toArray(String[]::new));
            case FP16, UINT16, UINT32, UINT64 -> throw new MarqueeException(
                    ErrorCode.INTERNAL, "output '%s' has unsupported datatype %s".formatted(spec.name(), spec.datatype()));
        };
        return new InferenceTensor(spec.name(), spec.datatype(), shape, data);
    }

    /** A sequence of maps as FP32 {@code [n, k]}, columns in ascending key order (see the class comment). */
    private static InferenceTensor fromSequenceOfMaps(TensorSpec spec, OnnxSequence sequence) throws OrtException {
        List<? extends OnnxValue> rows = sequence.getValue();
        List<Object> keys = List.of();
        double[] values = new double[0];
        for (int row = 0; row < rows.size(); row++) {
            Map<? extends Object, ? extends Object> map = ((OnnxMap) rows.get(row)).getValue();
            if (row == 0) {
                keys = map.keySet().stream().map(Object.class::cast).sorted(KEY_ORDER).toList();
                values = new double[Math.multiplyExact(rows.size(), keys.size())];
            }
            if (map.size() != keys.size()) {
                throw new MarqueeException(ErrorCode.INTERNAL, "output '%s': row %d has %d keys, row 0 has %d"
                        .formatted(spec.name(), row, map.size(), keys.size()));
            }
            for (int column = 0; column < keys.size(); column++) {
                Object cell = map.get(keys.get(column));
                if (!(cell instanceof Number number)) {
                    throw new MarqueeException(ErrorCode.INTERNAL, "output '%s': row %d lacks key %s"
                            .formatted(spec.name(), row, keys.get(column)));
                }
                values[row * keys.size() + column] = number.doubleValue();
            }
        }
        return new InferenceTensor(
                spec.name(), Datatype.FP32, List.of((long) rows.size(), (long) keys.size()), new TensorData.Numbers(values));
    }

    private static final Comparator<Object> KEY_ORDER = (left, right) -> {
        if (left instanceof Long leftNumber && right instanceof Long rightNumber) {
            return Long.compare(leftNumber, rightNumber);
        }
        return left.toString().compareTo(right.toString());
    };

    private static List<Object> flatten(Object value) {
        List<Object> elements = new ArrayList<>();
        flatten(value, elements);
        return elements;
    }

    private static void flatten(Object value, List<Object> into) {
        if (value != null && value.getClass().isArray()) {
            int length = Array.getLength(value);
            for (int index = 0; index < length; index++) {
                flatten(Array.get(value, index), into);
            }
        } else {
            into.add(value);
        }
    }

    private static List<TensorSpec> inputSpecs(Map<String, NodeInfo> inputs) {
        List<TensorSpec> specs = new ArrayList<>(inputs.size());
        for (NodeInfo input : inputs.values()) {
            if (!(input.getInfo() instanceof TensorInfo tensor)) {
                throw MarqueeException.invalid(
                        "graph input '%s' is %s; Marquee feeds only tensor inputs", input.getName(), input.getInfo());
            }
            Datatype datatype = datatype(tensor).orElseThrow(() -> MarqueeException.invalid(
                    "graph input '%s' has element type %s, which Marquee cannot feed; supported are FLOAT, DOUBLE,"
                            + " INT8, INT16, INT32, INT64, UINT8, BOOL and STRING",
                    input.getName(), tensor.onnxType));
            specs.add(new TensorSpec(input.getName(), datatype, shape(tensor)));
        }
        return List.copyOf(specs);
    }

    private static List<TensorSpec> outputSpecs(Map<String, NodeInfo> outputs) {
        List<TensorSpec> specs = new ArrayList<>(outputs.size());
        for (NodeInfo output : outputs.values()) {
            ValueInfo info = output.getInfo();
            if (info instanceof TensorInfo tensor) {
                datatype(tensor).ifPresent(datatype -> specs.add(new TensorSpec(output.getName(), datatype, shape(tensor))));
            } else if (info instanceof SequenceInfo sequence && sequence.isSequenceOfMaps() && numericMap(sequence.mapInfo)) {
                specs.add(new TensorSpec(output.getName(), Datatype.FP32, List.of(-1L, -1L)));
            }
        }
        if (specs.isEmpty()) {
            throw MarqueeException.invalid("the graph has no output Marquee can return (tensors or sequences of maps)");
        }
        return List.copyOf(specs);
    }

    private static boolean numericMap(MapInfo map) {
        return map != null && switch (map.valueType) {
            case FLOAT, DOUBLE, INT8, INT16, INT32, INT64, UINT8 -> true;
            default -> false;
        };
    }

    /** -1 for a symbolic or unknown dimension. */
    private static List<Long> shape(TensorInfo tensor) {
        return Arrays.stream(tensor.getShape()).map(dimension -> dimension < 0 ? -1 : dimension).boxed().toList();
    }

    private static java.util.Optional<Datatype> datatype(TensorInfo tensor) {
        Datatype datatype = switch (tensor.onnxType) {
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> Datatype.FP32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE -> Datatype.FP64;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8 -> Datatype.INT8;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16 -> Datatype.INT16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32 -> Datatype.INT32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 -> Datatype.INT64;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8 -> Datatype.UINT8;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL -> Datatype.BOOL;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING -> Datatype.BYTES;
            default -> null;
        };
        return java.util.Optional.ofNullable(datatype);
    }

    private static Map<String, String> properties(OrtSession session) throws OrtException {
        var metadata = session.getMetadata();
        Map<String, String> properties = new LinkedHashMap<>();
        putIfPresent(properties, "producer_name", metadata.getProducerName());
        putIfPresent(properties, "graph_name", metadata.getGraphName());
        putIfPresent(properties, "domain", metadata.getDomain());
        putIfPresent(properties, "description", metadata.getDescription());
        if (metadata.getVersion() != 0) {
            properties.put("model_version", Long.toString(metadata.getVersion()));
        }
        metadata.getCustomMetadata().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> properties.putIfAbsent("metadata." + entry.getKey(), entry.getValue()));
        return java.util.Collections.unmodifiableMap(properties);
    }

    private static void putIfPresent(Map<String, String> properties, String key, String value) {
        if (value != null && !value.isBlank()) {
            properties.put(key, value);
        }
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            // Closing releases native memory; a failure leaves nothing a caller could do.
        }
    }
}
