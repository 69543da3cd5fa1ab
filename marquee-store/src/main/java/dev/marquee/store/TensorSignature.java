package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A tensor an uploaded model takes or gives, as recorded in the registry.
 *
 * @param name the tensor's name in the model
 * @param datatype its Open Inference Protocol datatype, e.g. {@code FP32}
 * @param shape its dimensions, -1 for a dimension of any size
 */
public record TensorSignature(String name, String datatype, List<Long> shape) {
    public TensorSignature {
        requireNonNull(name, "name is null");
        requireNonNull(datatype, "datatype is null");
        shape = List.copyOf(requireNonNull(shape, "shape is null"));
    }
}
