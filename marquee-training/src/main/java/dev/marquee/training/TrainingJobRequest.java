package dev.marquee.training;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.PreprocessingOptions;
import dev.marquee.core.Task;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A request to train (see {@link TrainingSpec} for {@code task}, {@code testRows}, {@code split},
 * {@code timeColumn}, {@code folds} and {@code tuning}): which dataset, what to predict, how, and under which model
 * name the result is registered.
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
        List<Integer> testRows,
        SplitMethod split,
        Optional<String> timeColumn,
        OptionalInt folds,
        Optional<TuningSpec> tuning,
        PreprocessingOptions preprocessing) {
    public TrainingJobRequest {
        requireNonNull(datasetId, "datasetId is null");
        requireNonNull(modelName, "modelName is null");
        requireNonNull(target, "target is null");
        requireNonNull(algorithm, "algorithm is null");
        parameters = Map.copyOf(requireNonNull(parameters, "parameters is null"));
        // Requests stored before these fields existed read back with them absent.
        task = task == null ? Optional.empty() : task;
        testRows = testRows == null ? List.of() : List.copyOf(testRows);
        split = split == null ? SplitMethod.RANDOM : split;
        timeColumn = timeColumn == null ? Optional.empty() : timeColumn;
        folds = folds == null ? OptionalInt.empty() : folds;
        tuning = tuning == null ? Optional.empty() : tuning;
        preprocessing = preprocessing == null ? PreprocessingOptions.defaults() : preprocessing;
    }

    /** A request with a random split, no cross-validation and no tuning. */
    public TrainingJobRequest(
            String datasetId,
            String modelName,
            String target,
            String algorithm,
            Map<String, String> parameters,
            long seed,
            double testFraction,
            Optional<Task> task,
            List<Integer> testRows) {
        this(datasetId, modelName, target, algorithm, parameters, seed, testFraction, task, testRows,
                SplitMethod.RANDOM, Optional.empty(), OptionalInt.empty(), Optional.empty(),
                PreprocessingOptions.defaults());
    }

    public TrainingSpec spec() {
        return new TrainingSpec(target, algorithm, parameters, seed, testFraction, task, testRows, split, timeColumn,
                folds, tuning, preprocessing);
    }
}
