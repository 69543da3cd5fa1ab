package dev.marquee.runtime;

import dev.marquee.core.MarqueeException;
import java.util.Arrays;

/** Open Inference Protocol tensor datatypes Marquee accepts. */
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
