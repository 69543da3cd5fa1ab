package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How a model's hyper-parameters were chosen: every trial of the search with its cross-validated score, and the
 * winning parameters the model was then trained with.
 *
 * @param method the search method, e.g. {@code grid} or {@code random}; {@code none} for an untuned model
 * @param metric the metric the search optimised, e.g. {@code accuracy}; empty for an untuned model
 * @param trials every trial in trial order, failed ones included
 * @param best the tuned parameters of the best trial (only those searched over; {@link ModelManifest#parameters()}
 *     has every parameter the model used)
 */
public record TuningReport(String method, String metric, List<Trial> trials, Map<String, String> best) {
    /** The report of a model trained with fixed parameters, or written before tuning existed. */
    public static final TuningReport NONE = new TuningReport("none", "", List.of(), Map.of());

    public TuningReport {
        requireNonNull(method, "method is null");
        requireNonNull(metric, "metric is null");
        trials = List.copyOf(requireNonNull(trials, "trials is null"));
        best = sorted(requireNonNull(best, "best is null"));
    }

    /**
     * One evaluated parameter combination. Exactly one of {@code score} and {@code failure} is present.
     *
     * @param number 1-based position in the search
     * @param parameters the searched parameters' values in this trial
     * @param score the optimised metric over the validation folds
     * @param fitTime wall-clock time of fitting and scoring every fold
     * @param failure why the trial failed, e.g. a parameter combination the algorithm rejects
     */
    public record Trial(
            int number,
            Map<String, String> parameters,
            Optional<Score> score,
            Duration fitTime,
            Optional<String> failure) {
        public Trial {
            parameters = sorted(requireNonNull(parameters, "parameters is null"));
            requireNonNull(score, "score is null");
            requireNonNull(fitTime, "fitTime is null");
            requireNonNull(failure, "failure is null");
            if (score.isPresent() == failure.isPresent()) {
                throw new IllegalArgumentException("trial %d must have either a score or a failure, has %s and %s"
                        .formatted(number, score, failure));
            }
        }

        public boolean succeeded() {
            return score.isPresent();
        }
    }

    /**
     * A metric summarised over validation folds.
     *
     * @param mean the mean over the folds
     * @param std the population standard deviation over the folds; 0 for a single fold
     */
    public record Score(double mean, double std) {}

    /** Sorted by name, so that the artifact's JSON does not depend on hash order. */
    private static Map<String, String> sorted(Map<String, String> map) {
        return Collections.unmodifiableMap(new TreeMap<>(map));
    }
}
