package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An Open Inference Protocol infer request.
 *
 * @param id caller's request id, echoed in the response
 * @param inputs input tensors
 * @param requestedOutputs names of the outputs to return; empty means all
 * @param parameters request parameters as given (values are JSON scalars)
 */
public record InferenceRequest(
        Optional<String> id, List<InferenceTensor> inputs, List<String> requestedOutputs, Map<String, Object> parameters) {
    public InferenceRequest {
        requireNonNull(id, "id is null");
        inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
        requestedOutputs = List.copyOf(requireNonNull(requestedOutputs, "requestedOutputs is null"));
        parameters = Map.copyOf(requireNonNull(parameters, "parameters is null"));
    }

    /** The elements of all inputs together: the request's size, for cost estimates. */
    public long elementCount() {
        long count = 0;
        for (InferenceTensor input : inputs) {
            count += input.data().length();
        }
        return count;
    }
}
