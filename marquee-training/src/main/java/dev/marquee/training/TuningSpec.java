package dev.marquee.training;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * A hyper-parameter search. Each trial scores one parameter combination on the training rows only — by k-fold
 * cross-validation ({@link TrainingSpec#folds()}, default {@value #DEFAULT_FOLDS}), by a seeded validation share, or,
 * for a {@linkplain SplitMethod#TIME time split}, on the latest training rows — never on the test rows. The best
 * combination is then trained on all training rows and evaluated on the test rows as usual.
 *
 * @param space the values to search per parameter name; the algorithm's other parameters come from
 *     {@link TrainingSpec#parameters()}
 * @param method grid or random search
 * @param trials random search: how many combinations to draw, at most {@value #MAX_TRIALS}; grid search ignores it
 * @param metric the metric to optimise, e.g. {@code f1_macro}; empty optimises accuracy for classification and rmse
 *     for regression. Whether higher or lower is better follows from the metric.
 * @param validationFraction score each trial on this share of the training rows, in (0, 0.9], instead of k-fold
 *     cross-validation; a time split always validates on the latest share of the training rows, by default
 *     {@link TrainingSpec#testFraction()}
 * @param parallelism how many trials run at once, at least 1; the trial table does not depend on it
 * @throws MarqueeException INVALID_ARGUMENT for an empty space, {@code trials < 1} or above {@value #MAX_TRIALS},
 *     {@code parallelism < 1} or a validation fraction out of range
 */
public record TuningSpec(
        Map<String, SearchSpace> space,
        SearchMethod method,
        int trials,
        Optional<String> metric,
        OptionalDouble validationFraction,
        int parallelism) {
    /** Folds of the k-fold cross-validation that scores each trial when {@link TrainingSpec#folds()} is empty. */
    public static final int DEFAULT_FOLDS = 3;

    /** Random search trials when the caller gives no number. */
    public static final int DEFAULT_TRIALS = 10;

    /** Most trials of one search, grid combinations included, so one request cannot occupy a worker for days. */
    public static final int MAX_TRIALS = 1_000;

    /** Points a grid search takes from a real (non-integer) range. */
    public static final int GRID_POINTS_PER_RANGE = 5;

    public TuningSpec {
        space = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(space, "space is null")));
        requireNonNull(method, "method is null");
        requireNonNull(metric, "metric is null");
        requireNonNull(validationFraction, "validationFraction is null");
        if (space.isEmpty()) {
            throw MarqueeException.invalid("the tuning space is empty; name at least one parameter to search");
        }
        space.forEach((name, values) -> requireNonNull(values, "space of '" + name + "' is null"));
        if (trials < 1 || trials > MAX_TRIALS) {
            throw MarqueeException.invalid("tuning trials must be in [1, %d], was %d", MAX_TRIALS, trials);
        }
        if (parallelism < 1) {
            throw MarqueeException.invalid("tuning parallelism must be at least 1, was %d", parallelism);
        }
        if (validationFraction.isPresent()
                && !(validationFraction.getAsDouble() > 0
                        && validationFraction.getAsDouble() <= TrainingPipeline.MAX_TEST_FRACTION)) {
            throw MarqueeException.invalid(
                    "tuning validationFraction must be in (0, %s], was %s",
                    TrainingPipeline.MAX_TEST_FRACTION,
                    validationFraction.getAsDouble());
        }
    }

    /** Every combination of the space, scored by cross-validation, the optimised metric chosen by task. */
    public static TuningSpec grid(Map<String, SearchSpace> space) {
        return new TuningSpec(space, SearchMethod.GRID, DEFAULT_TRIALS, Optional.empty(), OptionalDouble.empty(),
                defaultParallelism());
    }

    /** {@code trials} seeded random draws from the space, scored by cross-validation. */
    public static TuningSpec random(Map<String, SearchSpace> space, int trials) {
        return new TuningSpec(
                space, SearchMethod.RANDOM, trials, Optional.empty(), OptionalDouble.empty(), defaultParallelism());
    }

    public TuningSpec withMetric(String metric) {
        return new TuningSpec(space, method, trials, Optional.of(metric), validationFraction, parallelism);
    }

    public TuningSpec withValidationFraction(double fraction) {
        return new TuningSpec(space, method, trials, metric, OptionalDouble.of(fraction), parallelism);
    }

    public TuningSpec withParallelism(int parallelism) {
        return new TuningSpec(space, method, trials, metric, validationFraction, parallelism);
    }

    /** The processors available to this JVM. */
    public static int defaultParallelism() {
        return Runtime.getRuntime().availableProcessors();
    }
}
