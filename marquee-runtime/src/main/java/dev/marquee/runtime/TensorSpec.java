package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A tensor a model accepts or produces, as model metadata describes it; -1 marks a variable dimension. */
public record TensorSpec(String name, Datatype datatype, List<Long> shape) {
    public TensorSpec {
        requireNonNull(name, "name is null");
        requireNonNull(datatype, "datatype is null");
        shape = List.copyOf(requireNonNull(shape, "shape is null"));
    }
}
