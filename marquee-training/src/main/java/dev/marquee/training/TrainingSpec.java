package dev.marquee.training;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.Task;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What to train.
 *
 * @param targetColumn the column to predict
 * @param algorithm an algorithm name from {@link TrainingPipeline#algorithms()}
 * @param parameters algorithm hyper-parameters as text, validated by the algorithm (unknown names are rejected)
 * @param seed seed for the split and any randomness in training, so a job replays exactly
 * @param testFraction share of rows held out for test metrics, in (0, 0.9]; ignored when {@code testRows} is given
 * @param task what to predict; empty chooses: the algorithm's only task, else classification for a CATEGORICAL or
 *     BOOLEAN target and regression for a NUMERIC one
 * @param testRows the caller's own test set as 0-based data-row numbers of the dataset (header excluded), so results
 *     compare with other systems on exactly the same rows; empty draws a seeded split by {@code testFraction}
 */
public record TrainingSpec(
        String targetColumn,
        String algorithm,
        Map<String, String> parameters,
        long seed,
        double testFraction,
        Optional<Task> task,
        List<Integer> testRows) {
    public static final double DEFAULT_TEST_FRACTION = 0.2;

    public TrainingSpec {
        requireNonNull(targetColumn, "targetColumn is null");
        requireNonNull(algorithm, "algorithm is null");
        parameters = Map.copyOf(requireNonNull(parameters, "parameters is null"));
        requireNonNull(task, "task is null");
        testRows = List.copyOf(requireNonNull(testRows, "testRows is null"));
    }

    /** A spec with a seeded random split and the task chosen from algorithm and target. */
    public TrainingSpec(
            String targetColumn, String algorithm, Map<String, String> parameters, long seed, double testFraction) {
        this(targetColumn, algorithm, parameters, seed, testFraction, Optional.empty(), List.of());
    }
}
