package dev.marquee.training;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A request to train: which dataset, what to predict, how, and under which model name the result is registered.
 */
public record TrainingJobRequest(
        String datasetId,
        String modelName,
        String target,
        String algorithm,
        Map<String, String> parameters,
        long seed,
        double testFraction) {
    public TrainingJobRequest {
        requireNonNull(datasetId, "datasetId is null");
        requireNonNull(modelName, "modelName is null");
        requireNonNull(target, "target is null");
        requireNonNull(algorithm, "algorithm is null");
        parameters = Map.copyOf(requireNonNull(parameters, "parameters is null"));
    }

    public TrainingSpec spec() {
        return new TrainingSpec(target, algorithm, parameters, seed, testFraction);
    }
}
