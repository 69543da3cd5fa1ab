package dev.marquee.runtime;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Small ONNX models written as protobuf bytes by hand (field numbers from {@code onnx.proto}), so tests need no ONNX
 * tooling. Also used by the server tests.
 */
public final class OnnxTestModels {
    public static final int FLOAT = 1;
    public static final int INT64 = 7;
    public static final int STRING = 8;
    public static final int BOOL = 9;
    public static final int FLOAT16 = 10;

    private OnnxTestModels() {}

    /**
     * {@code y = x W + b}: input {@code x} FP32 {@code [N, 3]}, output {@code y} FP32 {@code [N, 1]}.
     */
    public static byte[] linear(float[] weights, float bias) {
        Proto graph = new Proto()
                .message(1, node("MatMul", "", new String[] {"x", "W"}, new String[] {"xw"}))
                .message(1, node("Add", "", new String[] {"xw", "b"}, new String[] {"y"}))
                .string(2, "linear")
                .message(5, floatTensor("W", weights, 3, 1))
                .message(5, floatTensor("b", new float[] {bias}, 1))
                .message(11, tensorValue("x", FLOAT, "N", 3L))
                .message(12, tensorValue("y", FLOAT, "N", 1L));
        return model(graph, false);
    }

    /**
     * Inputs {@code count} INT64 {@code [N]}, {@code flag} BOOL {@code [N]}, {@code label} STRING {@code [N]};
     * outputs {@code doubled = count + count}, {@code negated = not flag}, {@code echo = label}.
     */
    public static byte[] mixedTypes() {
        Proto graph = new Proto()
                .message(1, node("Add", "", new String[] {"count", "count"}, new String[] {"doubled"}))
                .message(1, node("Not", "", new String[] {"flag"}, new String[] {"negated"}))
                .message(1, node("Identity", "", new String[] {"label"}, new String[] {"echo"}))
                .string(2, "mixed")
                .message(11, tensorValue("count", INT64, "N"))
                .message(11, tensorValue("flag", BOOL, "N"))
                .message(11, tensorValue("label", STRING, "N"))
                .message(12, tensorValue("doubled", INT64, "N"))
                .message(12, tensorValue("negated", BOOL, "N"))
                .message(12, tensorValue("echo", STRING, "N"));
        return model(graph, false);
    }

    /** {@code c = a + b} over FP32 {@code [N]} inputs, for inputs whose sizes disagree. */
    public static byte[] sum() {
        Proto graph = new Proto()
                .message(1, node("Add", "", new String[] {"a", "b"}, new String[] {"c"}))
                .string(2, "sum")
                .message(11, tensorValue("a", FLOAT, "N"))
                .message(11, tensorValue("b", FLOAT, "N"))
                .message(12, tensorValue("c", FLOAT, "N"));
        return model(graph, false);
    }

    /** {@code probabilities = ZipMap(x)} with class labels 0 and 1: input {@code x} FP32 {@code [N, 2]}. */
    public static byte[] zipMap() {
        Proto zipMap = node("ZipMap", "ai.onnx.ml", new String[] {"x"}, new String[] {"probabilities"})
                .message(5, new Proto().string(1, "classlabels_int64s").varint(8, 0).varint(8, 1).varint(20, 7));
        Proto mapType = new Proto()
                .message(5, new Proto()
                        .varint(1, INT64)
                        .message(2, new Proto().message(1, new Proto().varint(1, FLOAT))));
        Proto sequenceType = new Proto().message(4, new Proto().message(1, mapType));
        Proto graph = new Proto()
                .message(1, zipMap)
                .string(2, "zipmap")
                .message(11, tensorValue("x", FLOAT, "N", 2L))
                .message(12, new Proto().string(1, "probabilities").message(2, sequenceType));
        return model(graph, true);
    }

    /** An FP16 input, which Marquee cannot feed: {@code y = Identity(h)}. */
    public static byte[] halfPrecisionInput() {
        Proto graph = new Proto()
                .message(1, node("Identity", "", new String[] {"h"}, new String[] {"y"}))
                .string(2, "half")
                .message(11, tensorValue("h", FLOAT16, "N"))
                .message(12, tensorValue("y", FLOAT16, "N"));
        return model(graph, false);
    }

    private static byte[] model(Proto graph, boolean machineLearningDomain) {
        Proto model = new Proto()
                .varint(1, 8)
                .string(2, "marquee-tests")
                .message(7, graph)
                .message(8, new Proto().string(1, "").varint(2, 13));
        if (machineLearningDomain) {
            model.message(8, new Proto().string(1, "ai.onnx.ml").varint(2, 3));
        }
        return model.toByteArray();
    }

    private static Proto node(String operator, String domain, String[] inputs, String[] outputs) {
        Proto node = new Proto();
        for (String input : inputs) {
            node.string(1, input);
        }
        for (String output : outputs) {
            node.string(2, output);
        }
        node.string(3, operator + "_" + outputs[0]).string(4, operator);
        if (!domain.isEmpty()) {
            node.string(7, domain);
        }
        return node;
    }

    private static Proto floatTensor(String name, float[] values, long... dims) {
        Proto tensor = new Proto();
        for (long dim : dims) {
            tensor.varint(1, dim);
        }
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            raw.putFloat(value);
        }
        return tensor.varint(2, FLOAT).string(8, name).bytes(9, raw.array());
    }

    /** A tensor value: the first dimension symbolic ({@code batch}), the rest fixed. */
    private static Proto tensorValue(String name, int elementType, String batch, long... fixed) {
        Proto shape = new Proto().message(1, new Proto().string(2, batch));
        for (long dimension : fixed) {
            shape.message(1, new Proto().varint(1, dimension));
        }
        Proto tensorType = new Proto().varint(1, elementType).message(2, shape);
        return new Proto().string(1, name).message(2, new Proto().message(1, tensorType));
    }

    /** A protobuf message being written. */
    static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long value) {
            tag(field, 0);
            raw(value);
            return this;
        }

        Proto bytes(int field, byte[] value) {
            tag(field, 2);
            raw(value.length);
            out.writeBytes(value);
            return this;
        }

        Proto string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto value) {
            return bytes(field, value.toByteArray());
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }

        private void tag(int field, int wireType) {
            raw(((long) field << 3) | wireType);
        }

        private void raw(long value) {
            long remaining = value;
            while ((remaining & ~0x7FL) != 0) {
                out.write((int) ((remaining & 0x7F) | 0x80));
                remaining >>>= 7;
            }
            out.write((int) remaining);
        }
    }
}
