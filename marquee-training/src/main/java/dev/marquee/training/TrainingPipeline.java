package dev.marquee.training;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.Algorithm;
import dev.marquee.core.Algorithms;
import dev.marquee.core.CellValues;
import dev.marquee.core.Column;
import dev.marquee.core.ColumnType;
import dev.marquee.core.Deduplication;
import dev.marquee.core.FittedModel;
import dev.marquee.core.FittedPipeline;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.ModelArtifacts;
import dev.marquee.core.ModelManifest;
import dev.marquee.core.OutputSchema;
import dev.marquee.core.ProgressListener;
import dev.marquee.core.Provenance;
import dev.marquee.core.Schema;
import dev.marquee.core.Table;
import dev.marquee.core.Task;
import dev.marquee.core.TrainingContext;
import dev.marquee.core.TrainingData;
import dev.marquee.core.TuningReport;
import dev.marquee.core.TuningReport.Score;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Trains one model from an in-memory table: validate, split, fit the preprocessing on the training rows only, fit the
 * algorithm, evaluate on the held-out rows, and package manifest and artifact. Depends on core and the algorithm SPI
 * only, so it runs without any server or store. Immutable and thread-safe; one instance can run many trainings at
 * once.
 *
 * <p>Progress: 0 to 0.1 preparing data and fitting the preprocessing, 0.1 to 0.9 fitting the algorithm, 0.9 to 1
 * evaluating and packaging. With tuning or cross-validation, the search takes 0 to 0.6 and the other phases share the
 * rest in the same proportions.
 */
public final class TrainingPipeline {
    /** Fewest rows with a target value that training accepts. */
    public static final int MIN_ROWS = 10;

    /** Most classes a classification target may have. */
    public static final int MAX_CLASSES = 1_000;

    /** Largest accepted {@link TrainingSpec#testFraction()}. */
    public static final double MAX_TEST_FRACTION = 0.9;

    /** Where a tuning search or cross-validation ends on the progress scale, when the spec asks for one. */
    private static final double SEARCH_END = 0.6;
    private static final double PREPROCESSING_END = 0.1;
    private static final double FITTING_END = 0.9;

    private final Algorithms algorithms;

    /** A pipeline over the {@linkplain Algorithms#installed() installed} algorithms. */
    public TrainingPipeline() {
        this(Algorithms.installed());
    }

    public TrainingPipeline(Algorithms algorithms) {
        this.algorithms = requireNonNull(algorithms, "algorithms is null");
    }

    /** The names of the installed algorithms, sorted. */
    public static Set<String> algorithms() {
        return Algorithms.installed().names();
    }

    /**
     * Trains a model: with {@link TrainingSpec#tuning()}, first searches its parameters on the training rows, then
     * trains the best on all training rows.
     *
     * @param table the dataset; its column names must equal {@code schema}'s, in order
     * @param schema the dataset's inferred schema; every column except the target becomes a model input
     * @param progress receives non-decreasing fractions from 0 to 1
     * @param cancelled polled between phases and trials and at every algorithm iteration
     * @throws MarqueeException INVALID_ARGUMENT for an unknown target column or algorithm, a bad parameter or test
     *     fraction, a target unfit for the task, a single class, fewer than {@link #MIN_ROWS} labelled rows, a bad
     *     split, fold count or tuning space, or when every tuning trial failed
     * @throws java.util.concurrent.CancellationException once {@code cancelled} answers true
     */
    public TrainedModel train(
            Table table,
            Schema schema,
            TrainingSpec spec,
            Provenance provenance,
            ProgressListener progress,
            BooleanSupplier cancelled) {
        requireNonNull(provenance, "provenance is null");
        Prepared prepared = prepare(table, schema, spec, progress, cancelled);
        Algorithm algorithm = prepared.algorithm();
        Examples examples = prepared.examples();
        Split split = prepared.split();
        TrainingContext context = new TrainingContext(spec.seed(), progress, cancelled);
        boolean searching = spec.tuning().isPresent() || spec.folds().isPresent();
        double searchEnd = searching ? SEARCH_END : 0;
        double preprocessingEnd = searchEnd + PREPROCESSING_END * (FITTING_END - searchEnd) / FITTING_END;

        long fitStart = System.nanoTime();
        Map<String, String> parameters = algorithm.resolveParameters(spec.parameters());
        TuningReport tuning = TuningReport.NONE;
        Map<String, Double> crossValidated = Map.of();
        ProgressListener searchProgress = (fraction, message) -> progress.progress(searchEnd * fraction, message);
        if (spec.tuning().isPresent()) {
            HyperparameterSearch search = new HyperparameterSearch(
                    algorithm, spec.parameters(), spec.tuning().get(), prepared.task(), spec.seed());
            CrossValidation validation = prepared.validation(spec);
            progress.progress(0, "tuning %s: %d trials of %s on %d validation folds".formatted(
                    algorithm.name(), search.trials(), search.metric(), validation.folds()));
            tuning = search.run(validation, searchProgress, cancelled);
            Map<String, String> best = new HashMap<>(spec.parameters());
            best.putAll(tuning.best());
            parameters = algorithm.resolveParameters(best);
        }
        else if (spec.folds().isPresent()) {
            CrossValidation validation = prepared.validation(spec);
            progress.progress(0, "cross-validating on %d folds".formatted(validation.folds()));
            crossValidated = crossValidationMetrics(validation.evaluate(parameters, cancelled));
        }

        List<Object[]> trainingRows = examples.inputs(split.train());
        FittedPipeline pipeline = FittedPipeline.fit(prepared.inputs(), trainingRows, spec.preprocessing());
        TrainingData training = new TrainingData(
                prepared.task(),
                pipeline.transform(trainingRows),
                examples.targets(split.train()),
                examples.classes());
        context.checkCancelled();
        progress.progress(preprocessingEnd, "fitted preprocessing: %d inputs, %d features, %d training rows"
                .formatted(prepared.inputs().size(), pipeline.featureCount(), split.train().length));

        CurveRecorder curve = new CurveRecorder((fraction, message) ->
                progress.progress(preprocessingEnd + (FITTING_END - preprocessingEnd) * fraction, message));
        FittedModel model = algorithm.fit(training, parameters, new TrainingContext(spec.seed(), curve, cancelled));
        Duration fitTime = Duration.ofNanos(System.nanoTime() - fitStart);
        context.checkCancelled();
        progress.progress(FITTING_END, "evaluating on %d test rows".formatted(split.test().length));

        HeldOutEvaluation evaluation = HeldOutEvaluation.of(
                prepared.task(),
                pipeline,
                model,
                pipeline.transform(examples.inputs(split.test())),
                examples.targets(split.test()),
                examples.classes());
        Map<String, Double> metrics = new LinkedHashMap<>(evaluation.metrics());
        metrics.putAll(crossValidated);
        metrics.put("train_rows", (double) split.train().length);
        if (spec.preprocessing().dropDuplicates()) {
            metrics.put("duplicate_rows_dropped", (double) prepared.duplicatesDropped());
        }
        if (spec.preprocessing().dropMissingRows()) {
            metrics.put("missing_rows_dropped", (double) prepared.missingRowsDropped());
        }
        metrics.put("test_rows", (double) split.test().length);
        ModelManifest manifest = new ModelManifest(
                ModelArtifacts.FORMAT_VERSION,
                algorithm.name(),
                parameters,
                prepared.inputs(),
                new OutputSchema(prepared.target().name(), prepared.task(), examples.classes()),
                metrics,
                pipeline.description(),
                provenance,
                evaluation.evaluation(),
                tuning,
                curve.curve());
        byte[] artifact = ModelArtifacts.write(manifest, pipeline, model);
        progress.progress(1, "trained %s: %s".formatted(algorithm.name(), metrics));
        return new TrainedModel(manifest, artifact, fitTime);
    }

    /**
     * Cross-validates the spec's algorithm with its fixed {@link TrainingSpec#parameters()} (a tuning space is
     * ignored) on the training rows of its split: the test rows take no part. A random split is cross-validated on
     * {@link TrainingSpec#folds()} folds (default {@value TuningSpec#DEFAULT_FOLDS}), stratified for
     * classification; a time split on one fold, the latest {@link TrainingSpec#testFraction()} of the training rows.
     *
     * @param progress receives 0 once the data is prepared and 1 when done
     * @throws MarqueeException INVALID_ARGUMENT as {@link #train} does, and when the training rows are fewer than
     *     the folds
     * @throws java.util.concurrent.CancellationException once {@code cancelled} answers true
     */
    public CrossValidationResult crossValidate(
            Table table, Schema schema, TrainingSpec spec, ProgressListener progress, BooleanSupplier cancelled) {
        Prepared prepared = prepare(table, schema, spec, progress, cancelled);
        Map<String, String> parameters = prepared.algorithm().resolveParameters(spec.parameters());
        CrossValidation validation = prepared.validation(spec);
        CrossValidationResult result = new CrossValidationResult(
                validation.folds(), prepared.split().train().length, validation.evaluate(parameters, cancelled));
        progress.progress(1, "cross-validated %s on %d folds".formatted(spec.algorithm(), validation.folds()));
        return result;
    }

    /** Validates the spec, reads the labelled rows and splits them. */
    private Prepared prepare(
            Table table, Schema schema, TrainingSpec spec, ProgressListener progress, BooleanSupplier cancelled) {
        requireNonNull(table, "table is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(spec, "spec is null");
        requireNonNull(progress, "progress is null");
        requireNonNull(cancelled, "cancelled is null");

        Algorithm algorithm = algorithms.require(spec.algorithm());
        algorithm.resolveParameters(spec.parameters());
        Column target = validate(table, schema, spec);
        Optional<Column> timeColumn = timeColumn(schema, spec, target);
        List<Column> inputs = schema.columns().stream()
                .filter(column -> !column.name().equals(target.name()))
                .toList();
        Task task = task(algorithm, target, spec);
        new TrainingContext(spec.seed(), progress, cancelled).checkCancelled();
        progress.progress(0, "preparing %d rows".formatted(table.rows().size()));

        Examples examples = Examples.of(table, inputs, target, task, MAX_CLASSES);
        Optional<double[]> times = timeColumn.map(column -> times(table, column, examples));
        Split split = split(examples, target, task, spec, table.rows().size(), times);
        int trainingRows = split.train().length;
        if (spec.preprocessing().dropMissingRows()) {
            split = withoutIncompleteTrainingRows(split, examples);
        }
        int missingDropped = trainingRows - split.train().length;
        if (spec.preprocessing().dropDuplicates()) {
            split = withoutDuplicateTrainingRows(split, examples);
        }
        return new Prepared(algorithm, target, inputs, task, examples, split, times,
                trainingRows - missingDropped - split.train().length, missingDropped);
    }

    /** The split without training rows that miss an input; test rows are scored as they come (imputed). */
    private static Split withoutIncompleteTrainingRows(Split split, Examples examples) {
        int[] complete = Arrays.stream(split.train())
                .filter(row -> Arrays.stream(examples.inputs().get(row)).allMatch(Objects::nonNull))
                .toArray();
        if (complete.length == 0) {
            throw MarqueeException.invalid(
                    "every one of the %d training rows misses an input; drop_missing_rows leaves nothing to train on",
                    split.train().length);
        }
        return new Split(complete, split.test());
    }

    /** The split with exact duplicates among its training rows dropped; test rows are scored as they come. */
    private static Split withoutDuplicateTrainingRows(Split split, Examples examples) {
        int[] kept = Deduplication.dropExactDuplicates(examples.inputs(split.train()), examples.targets(split.train()));
        if (kept.length == split.train().length) {
            return split;
        }
        return new Split(Arrays.stream(kept).map(index -> split.train()[index]).toArray(), split.test());
    }

    /** Cross-validation scores as model metrics, e.g. {@code cv_accuracy_mean} and {@code cv_accuracy_std}. */
    private static Map<String, Double> crossValidationMetrics(Map<String, Score> scores) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        scores.forEach((name, score) -> {
            metrics.put("cv_" + name + "_mean", score.mean());
            metrics.put("cv_" + name + "_std", score.std());
        });
        return metrics;
    }

    /** Checks the specification against the data; returns the target column. */
    private static Column validate(Table table, Schema schema, TrainingSpec spec) {
        if (!(spec.testFraction() > 0 && spec.testFraction() <= MAX_TEST_FRACTION)) {
            throw MarqueeException.invalid(
                    "testFraction must be in (0, %s], was %s", MAX_TEST_FRACTION, spec.testFraction());
        }
        if (spec.folds().isPresent() && spec.folds().getAsInt() < 2) {
            throw MarqueeException.invalid("folds must be at least 2, was %d", spec.folds().getAsInt());
        }
        if (spec.folds().isPresent()
                && spec.tuning().map(tuning -> tuning.validationFraction().isPresent()).orElse(false)) {
            throw MarqueeException.invalid("folds and a tuning validationFraction exclude each other; give one");
        }
        List<String> schemaColumns = schema.columns().stream().map(Column::name).toList();
        if (!schemaColumns.equals(table.columnNames())) {
            throw MarqueeException.invalid(
                    "schema columns %s differ from table columns %s", schemaColumns, table.columnNames());
        }
        return schema.column(spec.targetColumn()).orElseThrow(() -> MarqueeException.invalid(
                "unknown target column '%s'; columns are %s", spec.targetColumn(), schemaColumns));
    }

    /** The task to train for: the requested one, the algorithm's only one, or the one the target's type suggests. */
    static Task task(Algorithm algorithm, Column target, TrainingSpec spec) {
        if (spec.task().isPresent()) {
            Task requested = spec.task().get();
            if (!algorithm.tasks().contains(requested)) {
                throw MarqueeException.invalid(
                        "algorithm '%s' does not do %s; it does %s", algorithm.name(), requested, algorithm.tasks());
            }
            return requested;
        }
        if (algorithm.tasks().size() == 1) {
            return algorithm.tasks().iterator().next();
        }
        return target.type() == ColumnType.NUMERIC ? Task.REGRESSION : Task.CLASSIFICATION;
    }

    private static Split split(
            Examples examples, Column target, Task task, TrainingSpec spec, int tableRows, Optional<double[]> times) {
        if (examples.size() < MIN_ROWS) {
            throw MarqueeException.invalid(
                    "target '%s' has a value in %d rows; training needs at least %d",
                    target.name(),
                    examples.size(),
                    MIN_ROWS);
        }
        if (task == Task.REGRESSION && Arrays.stream(examples.targets()).distinct().limit(2).count() < 2) {
            throw MarqueeException.invalid(
                    "target '%s' is constant (every row is %s); there is nothing to learn",
                    target.name(),
                    examples.targets()[0]);
        }
        if (task == Task.CLASSIFICATION && examples.classes().size() < 2) {
            throw MarqueeException.invalid(
                    "target '%s' has a single class '%s'", target.name(), examples.classes().getFirst());
        }
        if (!spec.testRows().isEmpty()) {
            return Split.given(examples.tableRows(), tableRows, spec.testRows());
        }
        if (times.isPresent()) {
            return Split.timeOrdered(times.get(), spec.testFraction());
        }
        return switch (task) {
            case REGRESSION -> Split.random(examples.size(), spec.testFraction(), spec.seed());
            case CLASSIFICATION -> Split.stratified(
                    examples.labels(), examples.classes().size(), spec.testFraction(), spec.seed());
        };
    }

    /** Checks the split options against the schema; returns the time column of a time split. */
    static Optional<Column> timeColumn(Schema schema, TrainingSpec spec, Column target) {
        return switch (spec.split()) {
            case RANDOM -> {
                if (spec.timeColumn().isPresent()) {
                    throw MarqueeException.invalid(
                            "time_column '%s' needs split 'time'", spec.timeColumn().get());
                }
                yield Optional.empty();
            }
            case TIME -> {
                String name = spec.timeColumn()
                        .orElseThrow(() -> MarqueeException.invalid("split 'time' needs a time_column"));
                if (!spec.testRows().isEmpty()) {
                    throw MarqueeException.invalid("test_rows and split 'time' exclude each other; give one");
                }
                if (spec.folds().isPresent()) {
                    throw MarqueeException.invalid(
                            "folds do not apply to split 'time', which validates on the latest training rows");
                }
                Column column = schema.column(name).orElseThrow(() -> MarqueeException.invalid(
                        "unknown time_column '%s'; columns are %s",
                        name,
                        schema.columns().stream().map(Column::name).toList()));
                if (column.name().equals(target.name())) {
                    throw MarqueeException.invalid("time_column '%s' is the target", name);
                }
                yield switch (column.type()) {
                    case TIMESTAMP, NUMERIC -> Optional.of(column);
                    case CATEGORICAL, BOOLEAN, TEXT -> throw MarqueeException.invalid(
                            "time_column '%s' is %s; a time split needs a TIMESTAMP or NUMERIC column",
                            name,
                            column.type());
                };
            }
        };
    }

    /**
     * Per example, its time: seconds since the epoch for a TIMESTAMP column, the number for a NUMERIC one.
     *
     * @throws MarqueeException INVALID_ARGUMENT when a labelled row has no time, as it could not be ordered
     */
    private static double[] times(Table table, Column column, Examples examples) {
        int index = table.columnNames().indexOf(column.name());
        int[] rows = examples.tableRows();
        double[] times = new double[rows.length];
        for (int example = 0; example < rows.length; example++) {
            String cell = table.rows().get(rows[example])[index];
            OptionalDouble time = cell == null || CellValues.isMissing(cell)
                    ? OptionalDouble.empty()
                    : switch (column.type()) {
                        case TIMESTAMP -> CellValues.epochSeconds(cell);
                        case NUMERIC -> CellValues.number(cell);
                        case CATEGORICAL, BOOLEAN, TEXT -> throw new IllegalStateException(
                                "not a time column: " + column);
                    };
            if (time.isEmpty()) {
                throw MarqueeException.invalid(
                        "time_column '%s' has no time in row %d: '%s'", column.name(), rows[example], cell);
            }
            times[example] = time.getAsDouble();
        }
        return times;
    }

    /** A validated spec's data: the labelled rows and their train/test split. */
    private record Prepared(
            Algorithm algorithm,
            Column target,
            List<Column> inputs,
            Task task,
            Examples examples,
            Split split,
            Optional<double[]> times,
            int duplicatesDropped,
            int missingRowsDropped) {
        /**
         * The validation folds over the training rows only: the latest share of them for a time split, a seeded
         * share when tuning asks for one, else (stratified) k-fold.
         */
        CrossValidation validation(TrainingSpec spec) {
            int[] trainRows = split.train();
            OptionalDouble fraction =
                    spec.tuning().map(TuningSpec::validationFraction).orElse(OptionalDouble.empty());
            int[] labels = task == Task.CLASSIFICATION
                    ? Arrays.stream(trainRows).map(row -> (int) examples.targets()[row]).toArray()
                    : new int[0];
            List<Split> folds;
            if (times.isPresent() || fraction.isPresent()) {
                if (trainRows.length < 2) {
                    throw MarqueeException.invalid(
                            "validating on a share of the training rows needs at least 2 of them, has %d",
                            trainRows.length);
                }
                double share = fraction.orElse(spec.testFraction());
                Split validation;
                if (times.isPresent()) {
                    double[] allTimes = times.get();
                    double[] trainingTimes = Arrays.stream(trainRows).mapToDouble(row -> allTimes[row]).toArray();
                    validation = Split.timeOrdered(trainingTimes, share);
                }
                else {
                    validation = switch (task) {
                        case REGRESSION -> Split.random(trainRows.length, share, spec.seed());
                        case CLASSIFICATION -> Split.stratified(labels, examples.classes().size(), share, spec.seed());
                    };
                }
                folds = List.of(validation.within(trainRows));
            }
            else {
                int count = spec.folds().orElse(TuningSpec.DEFAULT_FOLDS);
                folds = switch (task) {
                    case REGRESSION -> Split.kFold(trainRows.length, count, spec.seed());
                    case CLASSIFICATION -> Split.stratifiedKFold(labels, examples.classes().size(), count, spec.seed());
                };
                folds = folds.stream().map(fold -> fold.within(trainRows)).toList();
            }
            return new CrossValidation(
                    algorithm, examples, inputs, task, folds, spec.seed(), spec.preprocessing());
        }
    }
}
