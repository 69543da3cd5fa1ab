package dev.marquee.onnx;

import static java.util.Objects.requireNonNull;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small builder of one ONNX graph over the generated protobuf classes: unique value names, constants as
 * initializers, nodes with typed attributes, inputs and outputs with a symbolic batch dimension {@code N}. Not
 * thread-safe; one builder makes one model.
 */
final class OnnxGraph {
    /** ONNX IR version 8 (ONNX 1.10+): what opset 17 needs, and readable by every ONNX Runtime since 1.10. */
    static final long IR_VERSION = 8;
    static final int DEFAULT_OPSET = 17;
    static final String ML_DOMAIN = "ai.onnx.ml";
    static final int ML_OPSET = 3;
    static final String BATCH = "N";

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    /** Where constants go: this graph's initializers, or the outermost graph's for a subgraph (outer scope). */
    private final GraphProto.Builder initializers;
    private final Set<String> names;
    private final int[] counter;

    /**
     * @param reserved value names that {@link #fresh} never returns: the graph's inputs and outputs, which
     *     {@link #input} and the caller's final nodes use as they are
     */
    OnnxGraph(String name, Set<String> reserved) {
        graph.setName(requireNonNull(name, "name is null"));
        this.initializers = graph;
        this.names = new HashSet<>(reserved);
        this.counter = new int[1];
    }

    private OnnxGraph(OnnxGraph parent, String name) {
        graph.setName(requireNonNull(name, "name is null"));
        this.initializers = parent.initializers;
        this.names = parent.names;
        this.counter = parent.counter;
    }

    /**
     * A subgraph (the body of a {@code Loop}) sharing this graph's value names; its constants live in the outermost
     * graph and it may read any value of the graphs around it.
     */
    OnnxGraph subgraph(String name) {
        return new OnnxGraph(this, name);
    }

    /** The finished graph, for a subgraph attribute. */
    GraphProto build() {
        return graph.build();
    }

    /** Declares an input of a subgraph with the given shape ({@code -1} is the batch dimension); returns its name. */
    String subgraphInput(String hint, int elementType, List<Long> shape) {
        String name = fresh(hint);
        graph.addInput(valueInfo(name, elementType, shape));
        return name;
    }

    /** A fresh value name starting with {@code hint}. */
    String fresh(String hint) {
        String name;
        do {
            name = hint + "_" + counter[0]++;
        }
        while (!names.add(name));
        return name;
    }

    /** Declares a graph input {@code [N, 1]} of the given element type under its reserved (column) name. */
    String input(String name, int elementType) {
        if (!names.contains(name)) {
            throw new IllegalArgumentException("input name was not reserved: " + name);
        }
        graph.addInput(valueInfo(name, elementType, List.of(-1L, 1L)));
        return name;
    }

    /** Declares a graph output; {@code -1} in the shape is the batch dimension. */
    void output(String name, int elementType, List<Long> shape) {
        graph.addOutput(valueInfo(name, elementType, shape));
    }

    String doubles(String hint, double[] values, long... shape) {
        TensorProto.Builder tensor = tensor(hint, TensorProto.DataType.DOUBLE_VALUE, shape);
        for (double value : values) {
            tensor.addDoubleData(value);
        }
        return initializer(tensor);
    }

    String floats(String hint, float[] values, long... shape) {
        TensorProto.Builder tensor = tensor(hint, TensorProto.DataType.FLOAT_VALUE, shape);
        for (float value : values) {
            tensor.addFloatData(value);
        }
        return initializer(tensor);
    }

    String longs(String hint, long[] values, long... shape) {
        TensorProto.Builder tensor = tensor(hint, TensorProto.DataType.INT64_VALUE, shape);
        for (long value : values) {
            tensor.addInt64Data(value);
        }
        return initializer(tensor);
    }

    String bools(String hint, boolean[] values, long... shape) {
        TensorProto.Builder tensor = tensor(hint, TensorProto.DataType.BOOL_VALUE, shape);
        for (boolean value : values) {
            tensor.addInt32Data(value ? 1 : 0);
        }
        return initializer(tensor);
    }

    String strings(String hint, List<String> values, long... shape) {
        TensorProto.Builder tensor = tensor(hint, TensorProto.DataType.STRING_VALUE, shape);
        for (String value : values) {
            tensor.addStringData(ByteString.copyFrom(value, StandardCharsets.UTF_8));
        }
        return initializer(tensor);
    }

    /** A scalar double constant. */
    String scalar(String hint, double value) {
        return doubles(hint, new double[] {value});
    }

    /** Adds a node of the default domain with one output and returns the output's name. */
    String op(String type, List<String> inputs, Map<String, Object> attributes) {
        String output = fresh(type.toLowerCase(java.util.Locale.ROOT));
        node("", type, inputs, List.of(output), attributes);
        return output;
    }

    String op(String type, String... inputs) {
        return op(type, List.of(inputs), Map.of());
    }

    /** Adds a node of the given domain with the given outputs. */
    void node(String domain, String type, List<String> inputs, List<String> outputs, Map<String, Object> attributes) {
        NodeProto.Builder node = NodeProto.newBuilder()
                .setOpType(type)
                .setName(fresh("node_" + type))
                .addAllInput(inputs)
                .addAllOutput(outputs);
        if (!domain.isEmpty()) {
            node.setDomain(domain);
        }
        for (Map.Entry<String, Object> attribute : new LinkedHashMap<>(attributes).entrySet()) {
            node.addAttribute(attribute(attribute.getKey(), attribute.getValue()));
        }
        graph.addNode(node);
    }

    /** The finished model, serialised. */
    byte[] toBytes(String producerVersion, Map<String, String> metadata) {
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("marquee")
                .setProducerVersion(producerVersion)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(DEFAULT_OPSET))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(ML_DOMAIN).setVersion(ML_OPSET))
                .setGraph(graph);
        metadata.forEach((key, value) ->
                model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(key).setValue(value)));
        return model.build().toByteArray();
    }

    private TensorProto.Builder tensor(String hint, int dataType, long... shape) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(fresh(hint)).setDataType(dataType);
        for (long dimension : shape) {
            tensor.addDims(dimension);
        }
        return tensor;
    }

    private String initializer(TensorProto.Builder tensor) {
        initializers.addInitializer(tensor);
        return tensor.getName();
    }

    private static ValueInfoProto valueInfo(String name, int elementType, List<Long> shape) {
        TensorShapeProto.Builder dimensions = TensorShapeProto.newBuilder();
        for (long dimension : shape) {
            dimensions.addDim(dimension < 0
                    ? TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH)
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(dimension));
        }
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder().setTensorType(
                        TypeProto.Tensor.newBuilder().setElemType(elementType).setShape(dimensions)))
                .build();
    }

    /**
     * An attribute from a Java value: {@code Long}/{@code Integer} INT, {@code Float} FLOAT, {@code String} STRING,
     * {@code long[]} INTS, {@code float[]} FLOATS, {@code List<String>} STRINGS, {@code double[]} a 1-D DOUBLE
     * TENSOR (the {@code *_as_tensor} attributes of the ONNX-ML tree operators), {@code GraphProto} GRAPH.
     */
    private AttributeProto attribute(String name, Object value) {
        AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name);
        switch (value) {
            case Integer number -> attribute.setType(AttributeProto.AttributeType.INT).setI(number);
            case Long number -> attribute.setType(AttributeProto.AttributeType.INT).setI(number);
            case Float number -> attribute.setType(AttributeProto.AttributeType.FLOAT).setF(number);
            case String text -> attribute.setType(AttributeProto.AttributeType.STRING)
                    .setS(ByteString.copyFrom(text, StandardCharsets.UTF_8));
            case long[] numbers -> attribute.setType(AttributeProto.AttributeType.INTS)
                    .addAllInts(Arrays.stream(numbers).boxed().toList());
            case float[] numbers -> {
                List<Float> boxed = new ArrayList<>(numbers.length);
                for (float number : numbers) {
                    boxed.add(number);
                }
                attribute.setType(AttributeProto.AttributeType.FLOATS).addAllFloats(boxed);
            }
            case double[] numbers -> attribute.setType(AttributeProto.AttributeType.TENSOR)
                    .setT(TensorProto.newBuilder()
                            .setDataType(TensorProto.DataType.DOUBLE_VALUE)
                            .addDims(numbers.length)
                            .addAllDoubleData(Arrays.stream(numbers).boxed().toList()));
            case GraphProto subgraph -> attribute.setType(AttributeProto.AttributeType.GRAPH).setG(subgraph);
            case List<?> texts -> attribute.setType(AttributeProto.AttributeType.STRINGS)
                    .addAllStrings(texts.stream()
                            .map(text -> ByteString.copyFrom((String) text, StandardCharsets.UTF_8))
                            .toList());
            default -> throw new IllegalArgumentException(
                    "unsupported attribute type for " + name + ": " + value.getClass().getName());
        }
        return attribute.build();
    }
}
