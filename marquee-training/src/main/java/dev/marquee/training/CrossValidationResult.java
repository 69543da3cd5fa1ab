package dev.marquee.training;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.TuningReport.Score;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link TrainingPipeline#crossValidate} found.
 *
 * @param folds how many validation folds were scored; 1 for a time split, which validates on the latest rows only
 * @param trainingRows the rows the folds were drawn from: the training rows, never the test rows
 * @param metrics every metric's mean and standard deviation over the folds, in a stable order
 */
public record CrossValidationResult(int folds, int trainingRows, Map<String, Score> metrics) {
    public CrossValidationResult {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(metrics, "metrics is null")));
    }
}
