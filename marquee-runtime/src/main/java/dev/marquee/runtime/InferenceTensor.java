package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import java.util.List;

/**
 * A named tensor of the Open Inference Protocol. The element count always equals the product of the shape (checked
 * at construction).
 */
public record InferenceTensor(String name, Datatype datatype, List<Long> shape, TensorData data) {
    public InferenceTensor {
        requireNonNull(name, "name is null");
        requireNonNull(datatype, "datatype is null");
        shape = List.copyOf(requireNonNull(shape, "shape is null"));
        requireNonNull(data, "data is null");
        long expected = elementCount(name, shape);
        if (expected != data.length()) {
            throw MarqueeException.invalid(
                    "input '%s': shape %s needs %d elements, data has %d",
                    name, shape, expected, data.length());
        }
    }

    /** Product of the dimensions; negative dimensions are INVALID_ARGUMENT. */
    public static long elementCount(String name, List<Long> shape) {
        long count = 1;
        for (long dimension : shape) {
            if (dimension < 0) {
                throw MarqueeException.invalid("input '%s': negative dimension in shape %s", name, shape);
            }
            try {
                count = Math.multiplyExact(count, dimension);
            } catch (ArithmeticException e) {
                throw MarqueeException.invalid("input '%s': shape %s declares more elements than a tensor can hold", name, shape);
            }
        }
        return count;
    }

    public static InferenceTensor numbers(String name, Datatype datatype, double[] values, long... shape) {
        return new InferenceTensor(name, datatype, dimensions(shape), new TensorData.Numbers(values));
    }

    public static InferenceTensor strings(String name, String[] values, long... shape) {
        return new InferenceTensor(name, Datatype.BYTES, dimensions(shape), new TensorData.Strings(values));
    }

    /** The shape as a list without a stream: this runs for every output of every request. */
    private static List<Long> dimensions(long... shape) {
        Long[] boxed = new Long[shape.length];
        for (int index = 0; index < shape.length; index++) {
            boxed[index] = shape[index];
        }
        return List.of(boxed);
    }
}
