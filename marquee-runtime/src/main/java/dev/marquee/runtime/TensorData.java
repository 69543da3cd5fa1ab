package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

/** The flattened, row-major elements of a tensor, by element kind. */
public sealed interface TensorData {
    int length();

    /** Numbers of any numeric datatype. */
    record Numbers(double[] values) implements TensorData {
        public Numbers {
            requireNonNull(values, "values is null");
        }

        @Override
        public int length() {
            return values.length;
        }
    }

    /** BOOL elements. */
    record Booleans(boolean[] values) implements TensorData {
        public Booleans {
            requireNonNull(values, "values is null");
        }

        @Override
        public int length() {
            return values.length;
        }
    }

    /** BYTES elements, as UTF-8 text. */
    record Strings(String[] values) implements TensorData {
        public Strings {
            requireNonNull(values, "values is null");
        }

        @Override
        public int length() {
            return values.length;
        }
    }
}
