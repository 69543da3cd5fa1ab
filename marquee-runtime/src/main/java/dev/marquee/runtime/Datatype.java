package dev.marquee.runtime;

import dev.marquee.core.MarqueeException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * Open Inference Protocol tensor datatypes Marquee accepts, with their element sizes in the raw (binary) encoding and
 * the value range every transport checks an element against.
 */
public enum Datatype {
    BOOL,
    INT8,
    INT16,
    INT32,
    INT64,
    UINT8,
    UINT16,
    UINT32,
    UINT64,
    FP16,
    FP32,
    FP64,
    BYTES;

    private static final double FP16_MAX = 65504;
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    public boolean isNumeric() {
        return switch (this) {
            case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, FP16, FP32, FP64 -> true;
            case BOOL, BYTES -> false;
        };
    }

    public boolean isInteger() {
        return switch (this) {
            case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64 -> true;
            case BOOL, BYTES, FP16, FP32, FP64 -> false;
        };
    }

    /**
     * Bytes per element in the raw little-endian encoding ({@code raw_input_contents}); empty for BYTES, whose
     * elements are each a 4-byte length followed by that many bytes.
     */
    public OptionalInt elementBytes() {
        return switch (this) {
            case BOOL, INT8, UINT8 -> OptionalInt.of(1);
            case INT16, UINT16, FP16 -> OptionalInt.of(2);
            case INT32, UINT32, FP32 -> OptionalInt.of(4);
            case INT64, UINT64, FP64 -> OptionalInt.of(8);
            case BYTES -> OptionalInt.empty();
        };
    }

    /**
     * Checks a numeric element given as a double: a floating-point datatype takes finite values within its range
     * (FP16 ±65504, FP32 ±{@link Float#MAX_VALUE}); an integer datatype takes whole numbers within its range.
     *
     * @return {@code value}
     * @throws MarqueeException INVALID_ARGUMENT naming the tensor, the element and the range
     */
    public double requireInRange(String tensorName, long index, double value) {
        if (!Double.isFinite(value)) {
            throw MarqueeException.invalid("input '%s' element %d: %s is not allowed", tensorName, index, value);
        }
        switch (this) {
            case FP16 -> requireMagnitude(tensorName, index, value, FP16_MAX);
            case FP32 -> requireMagnitude(tensorName, index, value, Float.MAX_VALUE);
            case FP64 -> { }
            case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64 -> {
                if (value != Math.rint(value)) {
                    throw MarqueeException.invalid(
                            "input '%s' element %d: %s is not a whole number, as %s needs", tensorName, index, value, this);
                }
                // Exact powers of two as bounds: a double at or above 2^63 (2^64) is out of a long's (ulong's) range.
                boolean fits = switch (this) {
                    case INT64 -> value >= -0x1p63 && value < 0x1p63;
                    case UINT64 -> value >= 0 && value < 0x1p64;
                    case INT8, INT16, INT32, UINT8, UINT16, UINT32, BOOL, BYTES, FP16, FP32, FP64 ->
                            value >= minimum() && value <= maximum();
                };
                if (!fits) {
                    throw outOfRange(tensorName, index, Double.toString(value));
                }
            }
            case BOOL, BYTES -> throw new IllegalStateException(this + " elements are not numbers");
        }
        return value;
    }

    /**
     * Checks an exact integer element (a JSON integer, or a typed gRPC integer field read as signed); a
     * floating-point datatype takes it as a number within its range.
     *
     * @return the element as a double
     * @throws MarqueeException INVALID_ARGUMENT naming the tensor, the element and the range
     */
    public double requireInRange(String tensorName, long index, long value) {
        if (!isInteger()) {
            return requireInRange(tensorName, index, (double) value);
        }
        boolean fits = switch (this) {
            case INT64 -> true;
            case UINT64 -> value >= 0;
            case INT8, INT16, INT32, UINT8, UINT16, UINT32, BOOL, BYTES, FP16, FP32, FP64 ->
                    value >= minimum() && value <= maximum();
        };
        if (!fits) {
            throw outOfRange(tensorName, index, Long.toString(value));
        }
        return value;
    }

    /** Checks an integer too large for a {@code long} (a JSON integer); only UINT64 takes some of them. */
    public double requireInRange(String tensorName, long index, BigInteger value) {
        if (!isInteger()) {
            return requireInRange(tensorName, index, value.doubleValue());
        }
        if (this != UINT64 || value.signum() < 0 || value.compareTo(UINT64_MAX) > 0) {
            throw outOfRange(tensorName, index, value.toString());
        }
        return value.doubleValue();
    }

    /** An unsigned 64-bit value held in a {@code long} (raw or {@code uint64_contents}) as a double. */
    public static double unsignedToDouble(long value) {
        return value >= 0 ? value : (double) (value >>> 1) * 2 + (value & 1);
    }

    /** The bits of a UINT64 element held as a double in [0, 2^64), as an unsigned {@code long}. */
    public static long unsignedBits(double value) {
        return value < 0x1p63 ? (long) value : ((long) (value / 2)) << 1;
    }

    private long minimum() {
        return switch (this) {
            case INT8 -> Byte.MIN_VALUE;
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            case INT64 -> Long.MIN_VALUE;
            case UINT8, UINT16, UINT32, UINT64 -> 0;
            case BOOL, BYTES, FP16, FP32, FP64 -> throw new IllegalStateException(this + " has no integer range");
        };
    }

    private long maximum() {
        return switch (this) {
            case INT8 -> Byte.MAX_VALUE;
            case INT16 -> Short.MAX_VALUE;
            case INT32 -> Integer.MAX_VALUE;
            case INT64, UINT64 -> Long.MAX_VALUE;
            case UINT8 -> 0xFF;
            case UINT16 -> 0xFFFF;
            case UINT32 -> 0xFFFF_FFFFL;
            case BOOL, BYTES, FP16, FP32, FP64 -> throw new IllegalStateException(this + " has no integer range");
        };
    }

    private String range() {
        return switch (this) {
            case UINT64 -> "[0, " + UINT64_MAX + "]";
            case FP16 -> "[-65504, 65504]";
            case FP32 -> "[-" + Float.MAX_VALUE + ", " + Float.MAX_VALUE + "]";
            case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, BOOL, BYTES, FP64 ->
                    "[" + minimum() + ", " + maximum() + "]";
        };
    }

    private MarqueeException outOfRange(String tensorName, long index, String value) {
        return MarqueeException.invalid(
                "input '%s' element %d: %s is out of range for %s %s", tensorName, index, value, this, range());
    }

    private void requireMagnitude(String tensorName, long index, double value, double limit) {
        if (Math.abs(value) > limit) {
            throw outOfRange(tensorName, index, Double.toString(value));
        }
    }

    /** Parses a protocol datatype name; an unknown one is INVALID_ARGUMENT naming the tensor. */
    public static Datatype parse(String tensorName, String name) {
        for (Datatype datatype : values()) {
            if (datatype.name().equals(name)) {
                return datatype;
            }
        }
        throw MarqueeException.invalid(
                "input '%s': unknown datatype '%s'; expected one of %s", tensorName, name, Arrays.toString(values()));
    }
}
