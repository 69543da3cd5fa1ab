package dev.marquee.training;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.Algorithm;
import dev.marquee.core.Column;
import dev.marquee.core.FittedModel;
import dev.marquee.core.FittedPipeline;
import dev.marquee.core.Metrics;
import dev.marquee.core.PreprocessingOptions;
import dev.marquee.core.ProgressListener;
import dev.marquee.core.Task;
import dev.marquee.core.TrainingContext;
import dev.marquee.core.TrainingData;
import dev.marquee.core.TuningReport.Score;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Scores parameters of one algorithm on validation folds: for each fold, the preprocessing and the algorithm are
 * fitted on the fold's training rows only and scored on its validation rows, so nothing about a validation row leaks
 * into its model. Immutable and thread-safe: trials may evaluate concurrently.
 */
final class CrossValidation {
    private final Algorithm algorithm;
    private final Examples examples;
    private final List<Column> inputs;
    private final Task task;
    private final List<Split> folds;
    private final long seed;
    private final PreprocessingOptions preprocessing;

    /**
     * @param folds per fold, example indexes: {@code train} to fit on, {@code test} to score on
     */
    CrossValidation(
            Algorithm algorithm,
            Examples examples,
            List<Column> inputs,
            Task task,
            List<Split> folds,
            long seed,
            PreprocessingOptions preprocessing) {
        this.algorithm = requireNonNull(algorithm, "algorithm is null");
        this.examples = requireNonNull(examples, "examples is null");
        this.inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
        this.task = requireNonNull(task, "task is null");
        this.folds = List.copyOf(requireNonNull(folds, "folds is null"));
        this.seed = seed;
        this.preprocessing = requireNonNull(preprocessing, "preprocessing is null");
    }

    int folds() {
        return folds.size();
    }

    /**
     * Every metric of {@link Metrics} summarised over the folds, in the order {@link Metrics} reports them. A metric
     * undefined on a fold (e.g. ROC AUC when the fold holds one class) is summarised over the other folds and left
     * out when undefined on all.
     *
     * @param parameters as resolved by the algorithm
     * @throws java.util.concurrent.CancellationException once {@code cancelled} answers true
     * @throws dev.marquee.core.MarqueeException when the algorithm cannot fit a fold
     */
    Map<String, Score> evaluate(Map<String, String> parameters, BooleanSupplier cancelled) {
        TrainingContext context = new TrainingContext(seed, ProgressListener.NONE, cancelled);
        Map<String, List<Double>> values = new LinkedHashMap<>();
        for (Split fold : folds) {
            context.checkCancelled();
            List<Object[]> trainingRows = examples.inputs(fold.train());
            FittedPipeline pipeline = FittedPipeline.fit(inputs, trainingRows, preprocessing);
            TrainingData training = new TrainingData(
                    task, pipeline.transform(trainingRows), examples.targets(fold.train()), examples.classes());
            FittedModel model = algorithm.fit(training, parameters, context);
            double[][] features = pipeline.transform(examples.inputs(fold.test()));
            metrics(model, features, examples.targets(fold.test()))
                    .forEach((name, value) -> values.computeIfAbsent(name, ignored -> new ArrayList<>()).add(value));
        }
        Map<String, Score> scores = new LinkedHashMap<>();
        values.forEach((name, perFold) -> scores.put(name, summarise(perFold)));
        return Collections.unmodifiableMap(scores);
    }

    private Map<String, Double> metrics(FittedModel model, double[][] features, double[] targets) {
        double[][] outputs = new double[features.length][model.outputCount()];
        for (int row = 0; row < features.length; row++) {
            model.predict(features[row], outputs[row]);
        }
        return switch (task) {
            case REGRESSION -> Metrics.regression(
                    targets, Arrays.stream(outputs).mapToDouble(output -> output[0]).toArray());
            case CLASSIFICATION -> Metrics.classification(
                    Arrays.stream(targets).mapToInt(target -> (int) target).toArray(), outputs);
        };
    }

    /** Mean and population standard deviation, as scikit-learn's {@code cross_validate} results are summarised. */
    static Score summarise(List<Double> values) {
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double variance = values.stream().mapToDouble(value -> (value - mean) * (value - mean)).sum() / values.size();
        return new Score(mean, Math.sqrt(variance));
    }
}
