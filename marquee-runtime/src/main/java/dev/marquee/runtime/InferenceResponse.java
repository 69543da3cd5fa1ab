package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** An Open Inference Protocol infer response. */
public record InferenceResponse(String modelName, String modelVersion, Optional<String> id, List<InferenceTensor> outputs) {
    public InferenceResponse {
        requireNonNull(modelName, "modelName is null");
        requireNonNull(modelVersion, "modelVersion is null");
        requireNonNull(id, "id is null");
        outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
    }
}
