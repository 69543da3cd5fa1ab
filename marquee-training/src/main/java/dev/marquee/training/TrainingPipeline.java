package dev.marquee.training;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.Algorithm;
import dev.marquee.core.Algorithms;
import dev.marquee.core.Column;
import dev.marquee.core.ColumnType;
import dev.marquee.core.FittedModel;
import dev.marquee.core.FittedPipeline;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.Metrics;
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
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Trains one model from an in-memory table: validate, split, fit the preprocessing on the training rows only, fit the
 * algorithm, evaluate on the held-out rows, and package manifest and artifact. Depends on core and the algorithm SPI
 * only, so it runs without any server or store. Immutable and thread-safe; one instance can run many trainings at
 * once.
 *
 * <p>Progress: 0 to 0.1 preparing data and fitting the preprocessing, 0.1 to 0.9 fitting the algorithm, 0.9 to 1
 * evaluating and packaging.
 */
public final class TrainingPipeline {
    /** Fewest rows with a target value that training accepts. */
    public static final int MIN_ROWS = 10;

    /** Most classes a classification target may have. */
    public static final int MAX_CLASSES = 1_000;

    /** Largest accepted {@link TrainingSpec#testFraction()}. */
    public static final double MAX_TEST_FRACTION = 0.9;

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
     * Trains a model.
     *
     * @param table the dataset; its column names must equal {@code schema}'s, in order
     * @param schema the dataset's inferred schema; every column except the target becomes a model input
     * @param progress receives non-decreasing fractions from 0 to 1
     * @param cancelled polled between phases and at every algorithm iteration
     * @throws MarqueeException INVALID_ARGUMENT for an unknown target column or algorithm, a bad parameter or test
     *     fraction, a target unfit for the task, a single class, or fewer than {@link #MIN_ROWS} labelled rows
     * @throws java.util.concurrent.CancellationException once {@code cancelled} answers true
     */
    public TrainedModel train(
            Table table,
            Schema schema,
            TrainingSpec spec,
            Provenance provenance,
            ProgressListener progress,
            BooleanSupplier cancelled) {
        requireNonNull(table, "table is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(spec, "spec is null");
        requireNonNull(provenance, "provenance is null");
        requireNonNull(progress, "progress is null");
        requireNonNull(cancelled, "cancelled is null");

        Algorithm algorithm = algorithms.require(spec.algorithm());
        Map<String, String> parameters = algorithm.resolveParameters(spec.parameters());
        Column target = validate(table, schema, spec);
        List<Column> inputs = schema.columns().stream()
                .filter(column -> !column.name().equals(target.name()))
                .toList();
        Task task = task(algorithm, target, spec);
        TrainingContext context = new TrainingContext(spec.seed(), progress, cancelled);
        context.checkCancelled();
        progress.progress(0, "preparing %d rows".formatted(table.rows().size()));

        Examples examples = Examples.of(table, inputs, target, task, MAX_CLASSES);
        Split split = split(examples, target, task, spec, table.rows().size());
        List<Object[]> trainingRows = examples.inputs(split.train());
        long fitStart = System.nanoTime();
        FittedPipeline pipeline = FittedPipeline.fit(inputs, trainingRows);
        TrainingData training = new TrainingData(
                task, pipeline.transform(trainingRows), examples.targets(split.train()), examples.classes());
        context.checkCancelled();
        progress.progress(PREPROCESSING_END, "fitted preprocessing: %d inputs, %d features, %d training rows"
                .formatted(inputs.size(), pipeline.featureCount(), split.train().length));

        FittedModel model = algorithm.fit(training, parameters, new TrainingContext(
                spec.seed(),
                (fraction, message) ->
                        progress.progress(PREPROCESSING_END + (FITTING_END - PREPROCESSING_END) * fraction, message),
                cancelled));
        Duration fitTime = Duration.ofNanos(System.nanoTime() - fitStart);
        context.checkCancelled();
        progress.progress(FITTING_END, "evaluating on %d test rows".formatted(split.test().length));

        HeldOutEvaluation evaluation = HeldOutEvaluation.of(
                task,
                pipeline,
                model,
                pipeline.transform(examples.inputs(split.test())),
                examples.targets(split.test()),
                examples.classes());
        Map<String, Double> metrics = new LinkedHashMap<>(evaluation.metrics());
        metrics.put("train_rows", (double) split.train().length);
        metrics.put("test_rows", (double) split.test().length);
        ModelManifest manifest = new ModelManifest(
                ModelArtifacts.FORMAT_VERSION,
                algorithm.name(),
                parameters,
                inputs,
                new OutputSchema(target.name(), task, examples.classes()),
                metrics,
                pipeline.description(),
                provenance,
                evaluation.evaluation());
        byte[] artifact = ModelArtifacts.write(manifest, pipeline, model);
        progress.progress(1, "trained %s: %s".formatted(algorithm.name(), metrics));
        return new TrainedModel(manifest, artifact, fitTime);
    }

    /** Checks the specification against the data; returns the target column. */
    private static Column validate(Table table, Schema schema, TrainingSpec spec) {
        if (!(spec.testFraction() > 0 && spec.testFraction() <= MAX_TEST_FRACTION)) {
            throw MarqueeException.invalid(
                    "testFraction must be in (0, %s], was %s", MAX_TEST_FRACTION, spec.testFraction());
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
    private static Task task(Algorithm algorithm, Column target, TrainingSpec spec) {
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

    private static Split split(Examples examples, Column target, Task task, TrainingSpec spec, int tableRows) {
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
        return switch (task) {
            case REGRESSION -> Split.random(examples.size(), spec.testFraction(), spec.seed());
            case CLASSIFICATION -> Split.stratified(
                    examples.labels(), examples.classes().size(), spec.testFraction(), spec.seed());
        };
    }
}
