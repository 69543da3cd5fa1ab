package dev.marquee.runtime;

import dev.marquee.core.MarqueeException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The raw tensor encoding of the Open Inference Protocol ({@code raw_input_contents}, {@code raw_output_contents}):
 * the flattened, row-major elements without padding, little-endian; BOOL as one byte (0 or 1), FP16 as IEEE
 * half-precision, BYTES as each element's length in a 4-byte little-endian unsigned integer followed by its bytes
 * (UTF-8 text for Marquee's models). Stateless and thread-safe.
 */
public final class RawTensors {
    private static final int LENGTH_PREFIX_BYTES = 4;

    private RawTensors() {}

    /**
     * Decodes {@code elementCount} elements (already claimed from the request's {@link ElementBudget}). The content
     * length is checked against {@code elementCount} × the element size before anything is allocated; every element
     * is checked as {@link Datatype#requireInRange} does for the other encodings.
     *
     * @throws MarqueeException INVALID_ARGUMENT naming the tensor for a length that does not match, a BOOL that is
     *     neither 0 nor 1, a non-finite or out-of-range number, or BYTES that are not UTF-8
     */
    public static TensorData decode(String tensorName, Datatype datatype, int elementCount, ByteBuffer raw) {
        ByteBuffer in = raw.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (datatype == Datatype.BYTES) {
            return decodeStrings(tensorName, elementCount, in);
        }
        long expected = (long) elementCount * datatype.elementBytes().orElseThrow();
        if (in.remaining() != expected) {
            throw MarqueeException.invalid(
                    "input '%s': raw content has %d bytes; %d %s elements need %d",
                    tensorName, in.remaining(), elementCount, datatype, expected);
        }
        if (datatype == Datatype.BOOL) {
            boolean[] values = new boolean[elementCount];
            for (int index = 0; index < elementCount; index++) {
                byte value = in.get();
                if (value != 0 && value != 1) {
                    throw MarqueeException.invalid(
                            "input '%s' element %d: BOOL byte must be 0 or 1, was %d", tensorName, index, value);
                }
                values[index] = value == 1;
            }
            return new TensorData.Booleans(values);
        }
        double[] values = new double[elementCount];
        for (int index = 0; index < elementCount; index++) {
            values[index] = switch (datatype) {
                case INT8 -> in.get();
                case UINT8 -> Byte.toUnsignedInt(in.get());
                case INT16 -> in.getShort();
                case UINT16 -> Short.toUnsignedInt(in.getShort());
                case INT32 -> in.getInt();
                case UINT32 -> Integer.toUnsignedLong(in.getInt());
                case INT64 -> in.getLong();
                case UINT64 -> Datatype.unsignedToDouble(in.getLong());
                case FP16 -> datatype.requireInRange(tensorName, index, (double) Float.float16ToFloat(in.getShort()));
                case FP32 -> datatype.requireInRange(tensorName, index, (double) in.getFloat());
                case FP64 -> datatype.requireInRange(tensorName, index, in.getDouble());
                case BOOL, BYTES -> throw new IllegalStateException("handled above: " + datatype);
            };
        }
        return new TensorData.Numbers(values);
    }

    /**
     * A BYTES element as text; Marquee's models take UTF-8 only.
     *
     * @throws MarqueeException INVALID_ARGUMENT naming the tensor and element when the bytes are not UTF-8
     */
    public static String text(String tensorName, long index, ByteBuffer element) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return utf8.decode(element).toString();
        } catch (CharacterCodingException e) {
            throw MarqueeException.invalid("input '%s' element %d: BYTES element is not UTF-8 text", tensorName, index);
        }
    }

    private static TensorData decodeStrings(String tensorName, int elementCount, ByteBuffer in) {
        // Every element needs at least its length prefix: bounds the array by the bytes actually sent.
        if ((long) elementCount * LENGTH_PREFIX_BYTES > in.remaining()) {
            throw MarqueeException.invalid(
                    "input '%s': raw content has %d bytes, too few for %d length-prefixed BYTES elements",
                    tensorName, in.remaining(), elementCount);
        }
        String[] values = new String[elementCount];
        for (int index = 0; index < elementCount; index++) {
            if (in.remaining() < LENGTH_PREFIX_BYTES) {
                throw MarqueeException.invalid(
                        "input '%s' element %d: raw content ends before the element's 4-byte length", tensorName, index);
            }
            long length = Integer.toUnsignedLong(in.getInt());
            if (length > in.remaining()) {
                throw MarqueeException.invalid(
                        "input '%s' element %d: length %d runs past the end of the raw content (%d bytes left)",
                        tensorName, index, length, in.remaining());
            }
            ByteBuffer element = in.slice(in.position(), (int) length);
            in.position(in.position() + (int) length);
            values[index] = text(tensorName, index, element);
        }
        if (in.hasRemaining()) {
            throw MarqueeException.invalid(
                    "input '%s': raw content has %d bytes after its %d BYTES elements", tensorName, in.remaining(),
                    elementCount);
        }
        return new TensorData.Strings(values);
    }

    /** Encodes a tensor's elements in the raw encoding of its datatype. */
    public static byte[] encode(InferenceTensor tensor) {
        Datatype datatype = tensor.datatype();
        return switch (tensor.data()) {
            case TensorData.Strings strings -> encodeStrings(strings.values());
            case TensorData.Booleans booleans -> {
                byte[] bytes = new byte[booleans.values().length];
                for (int index = 0; index < bytes.length; index++) {
                    bytes[index] = (byte) (booleans.values()[index] ? 1 : 0);
                }
                yield bytes;
            }
            case TensorData.Numbers numbers -> {
                double[] values = numbers.values();
                ByteBuffer out = ByteBuffer.allocate(values.length * datatype.elementBytes().orElseThrow())
                        .order(ByteOrder.LITTLE_ENDIAN);
                for (double value : values) {
                    switch (datatype) {
                        case INT8, UINT8 -> out.put((byte) (long) value);
                        case INT16, UINT16 -> out.putShort((short) (long) value);
                        case INT32, UINT32 -> out.putInt((int) (long) value);
                        case INT64 -> out.putLong((long) value);
                        case UINT64 -> out.putLong(Datatype.unsignedBits(value));
                        case FP16 -> out.putShort(Float.floatToFloat16((float) value));
                        case FP32 -> out.putFloat((float) value);
                        case FP64 -> out.putDouble(value);
                        case BOOL, BYTES -> throw new IllegalStateException(
                                "numbers in a " + datatype + " tensor '" + tensor.name() + "'");
                    }
                }
                yield out.array();
            }
        };
    }

    private static byte[] encodeStrings(String[] values) {
        byte[][] encoded = new byte[values.length][];
        int total = 0;
        for (int index = 0; index < values.length; index++) {
            encoded[index] = values[index].getBytes(StandardCharsets.UTF_8);
            total = Math.addExact(total, LENGTH_PREFIX_BYTES + encoded[index].length);
        }
        ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        for (byte[] element : encoded) {
            out.putInt(element.length);
            out.put(element);
        }
        return out.array();
    }
}
