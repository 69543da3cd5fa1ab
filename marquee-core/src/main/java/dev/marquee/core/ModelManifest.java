package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The self-description stored at the head of every model artifact.
 *
 * @param formatVersion artifact format version; readers accept every version up to their own
 * @param algorithm algorithm name, e.g. {@code logistic_regression}
 * @param parameters the training parameters actually used (defaults filled in)
 * @param inputs the raw input columns a caller sends, in order (preprocessing is inside the artifact)
 * @param output what the model predicts
 * @param metrics test-split metrics, by name (e.g. {@code accuracy}, {@code rmse})
 * @param preprocessing human-readable description of each fitted preprocessing step
 * @param provenance where it came from
 * @param evaluation per-class metrics, confusion matrix and feature importance on the held-out rows;
 *     {@link ModelEvaluation#NONE} for artifacts written before they were recorded
 * @param tuning the hyper-parameter search that chose {@code parameters}; {@link TuningReport#NONE} for a model
 *     trained with fixed parameters or written before tuning was recorded
 * @param trainingCurve the values the algorithm reported per step (loss curves); {@link TrainingCurve#NONE} when it
 *     reports none
 */
public record ModelManifest(
        int formatVersion,
        String algorithm,
        Map<String, String> parameters,
        List<Column> inputs,
        OutputSchema output,
        Map<String, Double> metrics,
        List<String> preprocessing,
        Provenance provenance,
        ModelEvaluation evaluation,
        TuningReport tuning,
        TrainingCurve trainingCurve) {
    public ModelManifest {
        requireNonNull(algorithm, "algorithm is null");
        parameters = Map.copyOf(requireNonNull(parameters, "parameters is null"));
        inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
        requireNonNull(output, "output is null");
        // Kept in the order the evaluation reports them, which Map.copyOf would lose.
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(metrics, "metrics is null")));
        preprocessing = List.copyOf(requireNonNull(preprocessing, "preprocessing is null"));
        requireNonNull(provenance, "provenance is null");
        // Artifacts written before evaluations, tuning or curves existed read back without them.
        evaluation = evaluation == null ? ModelEvaluation.NONE : evaluation;
        tuning = tuning == null ? TuningReport.NONE : tuning;
        trainingCurve = trainingCurve == null ? TrainingCurve.NONE : trainingCurve;
    }

    /** A manifest without a training curve. */
    public ModelManifest(
            int formatVersion,
            String algorithm,
            Map<String, String> parameters,
            List<Column> inputs,
            OutputSchema output,
            Map<String, Double> metrics,
            List<String> preprocessing,
            Provenance provenance,
            ModelEvaluation evaluation,
            TuningReport tuning) {
        this(formatVersion, algorithm, parameters, inputs, output, metrics, preprocessing, provenance, evaluation,
                tuning, TrainingCurve.NONE);
    }

    /** A manifest of a model trained with fixed parameters. */
    public ModelManifest(
            int formatVersion,
            String algorithm,
            Map<String, String> parameters,
            List<Column> inputs,
            OutputSchema output,
            Map<String, Double> metrics,
            List<String> preprocessing,
            Provenance provenance,
            ModelEvaluation evaluation) {
        this(formatVersion, algorithm, parameters, inputs, output, metrics, preprocessing, provenance, evaluation,
                TuningReport.NONE, TrainingCurve.NONE);
    }

    /** A manifest without a recorded evaluation. */
    public ModelManifest(
            int formatVersion,
            String algorithm,
            Map<String, String> parameters,
            List<Column> inputs,
            OutputSchema output,
            Map<String, Double> metrics,
            List<String> preprocessing,
            Provenance provenance) {
        this(formatVersion, algorithm, parameters, inputs, output, metrics, preprocessing, provenance,
                ModelEvaluation.NONE, TuningReport.NONE, TrainingCurve.NONE);
    }
}
