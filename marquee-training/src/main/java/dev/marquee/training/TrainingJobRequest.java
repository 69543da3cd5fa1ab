package dev.marquee.training;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.Task;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request to train (see {@link TrainingSpec} for {@code task} and {@code testRows}): which dataset, what to predict, how, and under which model name the result is registered.
 */
public record TrainingJobRequest(
        String datasetId,
        String modelName,
        String target,
        String algorithm,
        Map<String, String> parameters,
        long seed,
        double testFraction,
        Optional<Task> task,
        List<Integer> testRows) {
    public TrainingJobRequest {
        requireNonNull(datasetId, "datasetId is null");
        requireNonNull(modelName, "modelName is null");
        requireNonNull(target, "target is null");
        requireNonNull(algorithm, "algorithm is null");
        parameters = Map.copyOf(requireNonNull(parameters, "parameters is null"));
        // Requests stored before these fields existed read back with them absent.
        task = task == null ? Optional.empty() : task;
        testRows = testRows == null ? List.of() : List.copyOf(testRows);
    }

    public TrainingSpec spec() {
        return new TrainingSpec(target, algorithm, parameters, seed, testFraction, task, testRows);
    }
}
