package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An Open Inference Protocol infer response.
 *
 * @param modelVersion the version of the variant that answered
 * @param parameters OIP response parameters (JSON scalars); Marquee puts the answering route's name under
 *     {@code route}
 */
public record InferenceResponse(
        String modelName,
        String modelVersion,
        Optional<String> id,
        List<InferenceTensor> outputs,
        Map<String, Object> parameters) {
    public InferenceResponse {
        requireNonNull(modelName, "modelName is null");
        requireNonNull(modelVersion, "modelVersion is null");
        requireNonNull(id, "id is null");
        outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
        parameters = Map.copyOf(requireNonNull(parameters, "parameters is null"));
    }

    /** A response without parameters. */
    public InferenceResponse(String modelName, String modelVersion, Optional<String> id, List<InferenceTensor> outputs) {
        this(modelName, modelVersion, id, outputs, Map.of());
    }
}
