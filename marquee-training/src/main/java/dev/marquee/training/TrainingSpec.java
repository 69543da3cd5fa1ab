package dev.marquee.training;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.PreprocessingOptions;
import dev.marquee.core.Task;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What to train.
 *
 * @param targetColumn the column to predict
 * @param algorithm an algorithm name from {@link TrainingPipeline#algorithms()}
 * @param parameters algorithm hyper-parameters as text, validated by the algorithm (unknown names are rejected); with
 *     {@code tuning}, the fixed parameters beside the searched ones
 * @param seed seed for the split, the folds, a random search and any randomness in training, so a job replays exactly
 * @param testFraction share of rows held out for test metrics, in (0, 0.9]; ignored when {@code testRows} is given
 * @param task what to predict; empty chooses: the algorithm's only task, else classification for a CATEGORICAL or
 *     BOOLEAN target and regression for a NUMERIC one
 * @param testRows the caller's own test set as 0-based data-row numbers of the dataset (header excluded), so results
 *     compare with other systems on exactly the same rows; empty draws a split by {@code split}
 * @param split how to draw the test rows when {@code testRows} is empty
 * @param timeColumn the TIMESTAMP or NUMERIC column that orders the rows for a {@linkplain SplitMethod#TIME time
 *     split}; required by it and allowed only with it
 * @param folds folds of the k-fold cross-validation on the training rows, from 2 to the number of training rows:
 *     with {@code tuning}, how each trial is scored (default {@value TuningSpec#DEFAULT_FOLDS}); without, the model's
 *     metrics gain {@code cv_<metric>_mean} and {@code cv_<metric>_std}. Not allowed with a time split.
 * @param tuning a hyper-parameter search that chooses the parameters it names; empty trains with {@code parameters}
 * @param preprocessing how the input columns are cleaned and encoded, fitted on the training rows only (default
 *     {@link PreprocessingOptions#defaults()}); with {@code drop_duplicates} exact duplicate training rows are dropped
 */
public record TrainingSpec(
        String targetColumn,
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
    public static final double DEFAULT_TEST_FRACTION = 0.2;

    public TrainingSpec {
        requireNonNull(targetColumn, "targetColumn is null");
        requireNonNull(algorithm, "algorithm is null");
        parameters = Map.copyOf(requireNonNull(parameters, "parameters is null"));
        requireNonNull(task, "task is null");
        testRows = List.copyOf(requireNonNull(testRows, "testRows is null"));
        requireNonNull(split, "split is null");
        requireNonNull(timeColumn, "timeColumn is null");
        requireNonNull(folds, "folds is null");
        requireNonNull(tuning, "tuning is null");
        requireNonNull(preprocessing, "preprocessing is null");
    }

    /** A spec with the default preprocessing. */
    public TrainingSpec(
            String targetColumn,
            String algorithm,
            Map<String, String> parameters,
            long seed,
            double testFraction,
            Optional<Task> task,
            List<Integer> testRows,
            SplitMethod split,
            Optional<String> timeColumn,
            OptionalInt folds,
            Optional<TuningSpec> tuning) {
        this(targetColumn, algorithm, parameters, seed, testFraction, task, testRows, split, timeColumn, folds, tuning,
                PreprocessingOptions.defaults());
    }

    /** A spec with a random split, no cross-validation and no tuning. */
    public TrainingSpec(
            String targetColumn,
            String algorithm,
            Map<String, String> parameters,
            long seed,
            double testFraction,
            Optional<Task> task,
            List<Integer> testRows) {
        this(targetColumn, algorithm, parameters, seed, testFraction, task, testRows, SplitMethod.RANDOM,
                Optional.empty(), OptionalInt.empty(), Optional.empty());
    }

    /** A spec with a seeded random split and the task chosen from algorithm and target. */
    public TrainingSpec(
            String targetColumn, String algorithm, Map<String, String> parameters, long seed, double testFraction) {
        this(targetColumn, algorithm, parameters, seed, testFraction, Optional.empty(), List.of());
    }

    /** This spec with the latest {@code testFraction} of rows by {@code timeColumn} as the test set. */
    public TrainingSpec withTimeSplit(String timeColumn) {
        return new TrainingSpec(targetColumn, algorithm, parameters, seed, testFraction, task, testRows,
                SplitMethod.TIME, Optional.of(timeColumn), folds, tuning, preprocessing);
    }

    public TrainingSpec withFolds(int folds) {
        return new TrainingSpec(targetColumn, algorithm, parameters, seed, testFraction, task, testRows, split,
                timeColumn, OptionalInt.of(folds), tuning, preprocessing);
    }

    public TrainingSpec withTuning(TuningSpec tuning) {
        return new TrainingSpec(targetColumn, algorithm, parameters, seed, testFraction, task, testRows, split,
                timeColumn, folds, Optional.of(tuning), preprocessing);
    }

    public TrainingSpec withPreprocessing(PreprocessingOptions preprocessing) {
        return new TrainingSpec(targetColumn, algorithm, parameters, seed, testFraction, task, testRows, split,
                timeColumn, folds, tuning, preprocessing);
    }
}
