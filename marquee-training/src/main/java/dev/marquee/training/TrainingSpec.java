package dev.marquee.training;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * What to train.
 *
 * @param targetColumn the column to predict
 * @param algorithm an algorithm name from {@link TrainingPipeline#algorithms()}
 * @param parameters algorithm hyper-parameters as text, validated by the algorithm (unknown names are rejected)
 * @param seed seed for the split and any randomness in training, so a job replays exactly
 * @param testFraction share of rows held out for test metrics, in (0, 0.9]
 */
public record TrainingSpec(
        String targetColumn, String algorithm, Map<String, String> parameters, long seed, double testFraction) {
    public static final double DEFAULT_TEST_FRACTION = 0.2;

    public TrainingSpec {
        requireNonNull(targetColumn, "targetColumn is null");
        requireNonNull(algorithm, "algorithm is null");
        parameters = Map.copyOf(requireNonNull(parameters, "parameters is null"));
    }
}
