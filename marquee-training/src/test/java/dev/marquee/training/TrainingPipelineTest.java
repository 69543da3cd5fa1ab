package dev.marquee.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.marquee.core.Column;
import dev.marquee.core.ColumnType;
import dev.marquee.core.ErrorCode;
import dev.marquee.core.LoadedModel;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.Json;
import dev.marquee.core.ModelArtifacts;
import dev.marquee.core.ModelEvaluation;
import dev.marquee.core.ModelManifest;
import dev.marquee.core.Predictions;
import dev.marquee.core.PreprocessingOptions;
import dev.marquee.core.ProgressListener;
import dev.marquee.core.Provenance;
import dev.marquee.core.Schema;
import dev.marquee.core.Table;
import dev.marquee.core.Task;
import dev.marquee.core.TrainingCurve;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class TrainingPipelineTest {
    private static final Provenance PROVENANCE =
            new Provenance("ds-7", "cd".repeat(32), 42, "0.1.0-test", "job-9", Instant.parse("2026-02-03T04:05:06Z"));
    private static final Schema CHURN_SCHEMA = new Schema(List.of(
            new Column("tenure", ColumnType.NUMERIC),
            new Column("plan", ColumnType.CATEGORICAL),
            new Column("churned", ColumnType.CATEGORICAL),
            new Column("autopay", ColumnType.BOOLEAN),
            new Column("notes", ColumnType.TEXT)));

    private final TrainingPipeline pipeline = new TrainingPipeline();

    @Test
    void listsTheInstalledAlgorithms() {
        assertThat(TrainingPipeline.algorithms()).contains("linear_regression", "logistic_regression");
    }

    @Test
    void trainsAClassifierAndDescribesItInTheManifest() {
        TrainedModel trained = train(churnTable(1_000, 1), CHURN_SCHEMA, logistic("churned"));

        ModelManifest manifest = trained.manifest();
        assertThat(manifest.formatVersion()).isEqualTo(ModelArtifacts.FORMAT_VERSION);
        assertThat(manifest.algorithm()).isEqualTo("logistic_regression");
        assertThat(manifest.parameters()).containsOnlyKeys("l1", "l2", "max_iterations", "tolerance");
        assertThat(manifest.inputs()).extracting(Column::name).containsExactly("tenure", "plan", "autopay", "notes");
        assertThat(manifest.output().task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(manifest.output().classes()).containsExactly("no", "yes");
        assertThat(manifest.metrics()).containsOnlyKeys(
                "accuracy",
                "precision_macro",
                "recall_macro",
                "f1_macro",
                "log_loss",
                "roc_auc",
                "pr_auc",
                "calibration_error",
                "train_rows",
                "duplicate_rows_dropped",
                "test_rows");
        assertThat(manifest.metrics().get("test_rows")).isEqualTo(200);
        assertThat(manifest.metrics().get("train_rows")).isEqualTo(800);
        assertThat(manifest.metrics().get("accuracy")).isGreaterThan(0.85);
        assertThat(manifest.preprocessing()).hasSize(4)
                .anySatisfy(line -> assertThat(line).startsWith("tenure: numeric, impute mean="))
                .anySatisfy(line -> assertThat(line).startsWith("notes: text, tf-idf over 1..2-grams"));
        assertThat(manifest.provenance()).isEqualTo(PROVENANCE);
        assertThat(ModelArtifacts.readManifest(trained.artifact())).isEqualTo(manifest);
    }

    @Test
    void producesAnArtifactThatScoresRawRows() {
        TrainedModel trained = train(churnTable(1_000, 2), CHURN_SCHEMA, logistic("churned"));
        LoadedModel model = ModelArtifacts.load(trained.artifact());

        Predictions predictions = model.predict(new Object[][] {
            {1.0, "basic", false, "called twice"},
            {60.0, "premium", true, null},
            {null, "unheard-of plan", null, null}
        });

        assertThat(predictions.labels()[0]).isEqualTo("yes");
        assertThat(predictions.labels()[1]).isEqualTo("no");
        assertThat(predictions.probabilities()[2][0] + predictions.probabilities()[2][1]).isCloseTo(1, within(1e-12));
    }

    @Test
    void trainsARegressionAndReportsHeldOutErrors() {
        Random random = new Random(3);
        List<String[]> rows = new ArrayList<>();
        for (int row = 0; row < 400; row++) {
            double x1 = random.nextGaussian();
            double x2 = 10 + 5 * random.nextGaussian();
            double y = 3 * x1 - 2 * x2 + 5 + 0.1 * random.nextGaussian();
            rows.add(new String[] {format(x1), format(x2), format(y)});
        }
        Table table = new Table(List.of("x1", "x2", "y"), rows);
        Schema schema = new Schema(List.of(
                new Column("x1", ColumnType.NUMERIC),
                new Column("x2", ColumnType.NUMERIC),
                new Column("y", ColumnType.NUMERIC)));
        TrainingSpec spec = new TrainingSpec("y", "linear_regression", Map.of(), 5, 0.25);

        ModelManifest manifest = train(table, schema, spec).manifest();

        assertThat(manifest.output().classes()).isEmpty();
        assertThat(manifest.parameters()).isEqualTo(Map.of("l2", "0.0"));
        assertThat(manifest.metrics()).containsOnlyKeys("rmse", "mae", "r2", "train_rows", "duplicate_rows_dropped", "test_rows");
        assertThat(manifest.metrics().get("r2")).isGreaterThan(0.99);
        assertThat(manifest.metrics().get("rmse")).isCloseTo(0.1, within(0.03));
        assertThat(manifest.metrics().get("test_rows")).isEqualTo(100);
    }

    @Test
    void replaysExactlyWithTheSameSeed() {
        Table table = churnTable(300, 4);

        byte[] first = train(table, CHURN_SCHEMA, logistic("churned")).artifact();
        byte[] second = train(table, CHURN_SCHEMA, logistic("churned")).artifact();
        TrainingSpec otherSpec = new TrainingSpec("churned", "logistic_regression", Map.of(), 8, 0.2);
        byte[] otherSeed = train(table, CHURN_SCHEMA, otherSpec).artifact();

        assertThat(second).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void dropsRowsWithoutATarget() {
        Table table = churnTable(200, 5);
        List<String[]> rows = new ArrayList<>(table.rows());
        for (int row = 0; row < 50; row++) {
            String[] copy = rows.get(row).clone();
            copy[2] = "";
            rows.set(row, copy);
        }

        ModelManifest manifest =
                train(new Table(table.columnNames(), rows), CHURN_SCHEMA, logistic("churned")).manifest();

        assertThat(manifest.metrics().get("train_rows") + manifest.metrics().get("test_rows")).isEqualTo(150);
    }

    @Test
    void ordersNumericClassLabelsNumerically() {
        Random random = new Random(6);
        List<String[]> rows = new ArrayList<>();
        String[] labels = {"10", "2", "1"};
        for (int row = 0; row < 90; row++) {
            int label = row % 3;
            rows.add(new String[] {format(label * 5 + random.nextGaussian()), labels[label]});
        }
        Schema schema =
                new Schema(List.of(new Column("x", ColumnType.NUMERIC), new Column("level", ColumnType.NUMERIC)));

        ModelManifest manifest =
                train(new Table(List.of("x", "level"), rows), schema, logistic("level")).manifest();

        assertThat(manifest.output().classes()).containsExactly("1", "2", "10");
        assertThat(manifest.metrics().get("accuracy")).isGreaterThan(0.9);
    }

    @Test
    void spellsBooleanClassLabelsInLowerCase() {
        // The table spells autopay TRUE and FALSE.
        ModelManifest manifest = train(churnTable(100, 13), CHURN_SCHEMA, logistic("autopay")).manifest();

        assertThat(manifest.output().classes()).containsExactly("false", "true");
    }

    @Test
    void reportsProgressFromZeroToOneThroughTheFittingPhase() {
        List<Double> fractions = new ArrayList<>();
        pipeline.train(churnTable(300, 7), CHURN_SCHEMA, logistic("churned"), PROVENANCE,
                (fraction, message) -> fractions.add(fraction), () -> false);

        assertThat(fractions).isSorted();
        assertThat(fractions.getFirst()).isZero();
        assertThat(fractions.getLast()).isEqualTo(1.0);
        assertThat(fractions).anySatisfy(fraction -> assertThat(fraction).isStrictlyBetween(0.1, 0.9));
    }

    @Test
    void stopsWhenCancelledDuringFitting() {
        AtomicBoolean cancelled = new AtomicBoolean();
        ProgressListener cancelOnceFitting = (fraction, message) -> {
            if (fraction > 0.1) {
                cancelled.set(true);
            }
        };

        Table table = churnTable(300, 8);

        assertThatThrownBy(() -> pipeline.train(
                        table, CHURN_SCHEMA, logistic("churned"), PROVENANCE, cancelOnceFitting, cancelled::get))
                .isInstanceOf(CancellationException.class);
    }

    @Test
    void rejectsAnUnknownTargetListingTheColumns() {
        assertInvalid(
                () -> train(churnTable(100, 9), CHURN_SCHEMA, logistic("churn")),
                "unknown target column 'churn'; columns are [tenure, plan, churned, autopay, notes]");
    }

    @Test
    void rejectsAnUnknownAlgorithmListingTheKnownOnes() {
        assertThatThrownBy(() -> train(
                        churnTable(100, 9), CHURN_SCHEMA, new TrainingSpec("churned", "svm", Map.of(), 1, 0.2)))
                .isInstanceOfSatisfying(MarqueeException.class,
                        exception -> assertThat(exception.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageStartingWith("unknown algorithm 'svm'; known algorithms are [")
                .hasMessageContaining("linear_regression")
                .hasMessageContaining("logistic_regression");
    }

    @Test
    void rejectsInvalidSpecifications() {
        Table table = churnTable(100, 10);
        assertInvalid(
                () -> train(table, CHURN_SCHEMA, new TrainingSpec("churned", "logistic_regression", Map.of(), 1, 0)),
                "testFraction must be in (0, 0.9], was 0.0");
        assertInvalid(
                () -> train(table, CHURN_SCHEMA, new TrainingSpec("churned", "logistic_regression", Map.of(), 1, 0.95)),
                "testFraction must be in (0, 0.9], was 0.95");
        assertInvalid(
                () -> train(table, CHURN_SCHEMA, new TrainingSpec(
                        "churned", "logistic_regression", Map.of("C", "1"), 1, 0.2)),
                "unknown parameter 'C' for logistic_regression; known parameters are [l1, l2, max_iterations, tolerance]");
        assertInvalid(
                () -> train(table, CHURN_SCHEMA, new TrainingSpec("plan", "linear_regression", Map.of(), 1, 0.2)),
                "target 'plan' is CATEGORICAL; regression needs a NUMERIC or BOOLEAN target");
        assertInvalid(
                () -> train(table, new Schema(CHURN_SCHEMA.columns().subList(0, 4)), logistic("churned")),
                "schema columns [tenure, plan, churned, autopay] differ from table columns "
                        + "[tenure, plan, churned, autopay, notes]");
    }

    @Test
    void rejectsASingleClassOrTooFewRows() {
        Table table = churnTable(100, 11);
        List<String[]> sameClass = table.rows().stream().map(row -> {
            String[] copy = row.clone();
            copy[2] = "no";
            return copy;
        }).toList();

        assertInvalid(
                () -> train(new Table(table.columnNames(), sameClass), CHURN_SCHEMA, logistic("churned")),
                "target 'churned' has a single class 'no'");
        Table nineRows = new Table(table.columnNames(), table.rows().subList(0, 9));
        assertInvalid(
                () -> train(nineRows, CHURN_SCHEMA, logistic("churned")),
                "target 'churned' has a value in 9 rows; training needs at least 10");
    }

    @Test
    void recordsPerClassMetricsConfusionMatrixAndFeatureImportance() {
        ModelEvaluation evaluation = train(churnTable(1_000, 1), CHURN_SCHEMA, logistic("churned"))
                .manifest()
                .evaluation();

        assertThat(evaluation.classes()).extracting(metrics -> metrics.label()).containsExactly("no", "yes");
        assertThat(evaluation.classes().stream().mapToLong(metrics -> metrics.support()).sum()).isEqualTo(200);
        assertThat(evaluation.confusionMatrix()).hasSize(2).allSatisfy(row -> assertThat(row).hasSize(2));
        assertThat(evaluation.confusionMatrix().stream().flatMap(List::stream).mapToLong(Long::longValue).sum())
                .isEqualTo(200);
        // Tenure spans 60 months at 0.25 per month: it moves the log-odds most; autopay shifts every row by 2, the
        // basic plan only a third of them; the notes are noise and matter least.
        assertThat(evaluation.featureImportance().keySet()).containsExactly("tenure", "autopay", "plan", "notes");
        assertThat(evaluation.featureImportance().get("notes")).isLessThan(0.1);
    }

    @Test
    void dropsExactDuplicateTrainingRowsUnlessToldNotTo() {
        Table unique = churnTable(300, 1);
        List<String[]> doubled = new ArrayList<>(unique.rows());
        doubled.addAll(unique.rows());
        Table table = new Table(unique.columnNames(), doubled);
        TrainingSpec spec = logistic("churned");

        ModelManifest deduplicated = train(table, CHURN_SCHEMA, spec).manifest();
        ModelManifest kept = train(table, CHURN_SCHEMA, spec.withPreprocessing(
                PreprocessingOptions.fromJson(Json.newObjectMapper().createObjectNode().put("drop_duplicates", false))))
                .manifest();

        assertThat(kept.metrics().get("train_rows")).isEqualTo(480);
        assertThat(kept.metrics()).doesNotContainKey("duplicate_rows_dropped");
        double dropped = deduplicated.metrics().get("duplicate_rows_dropped");
        assertThat(dropped).isPositive();
        assertThat(deduplicated.metrics().get("train_rows")).isEqualTo(480 - dropped);
        assertThat(deduplicated.metrics().get("test_rows")).isEqualTo(120);
    }

    @Test
    void dropsTrainingRowsWithAMissingInputWhenAsked() {
        Table table = churnTable(400, 1);
        PreprocessingOptions options = PreprocessingOptions.fromJson(
                Json.newObjectMapper().createObjectNode().put("drop_missing_rows", true));

        ModelManifest imputed = train(table, CHURN_SCHEMA, logistic("churned")).manifest();
        ModelManifest dropped = train(table, CHURN_SCHEMA, logistic("churned").withPreprocessing(options)).manifest();

        double missing = dropped.metrics().get("missing_rows_dropped");
        assertThat(missing).isPositive();
        assertThat(imputed.metrics()).doesNotContainKey("missing_rows_dropped");
        assertThat(dropped.metrics().get("train_rows"))
                .isEqualTo(imputed.metrics().get("train_rows") - missing);
        assertThat(dropped.metrics().get("test_rows")).isEqualTo(imputed.metrics().get("test_rows"));
    }

    @Test
    void appliesTheRequestedPreprocessing() {
        PreprocessingOptions options = PreprocessingOptions.fromJson(Json.newObjectMapper().createObjectNode()
                .put("categorical_encoding", "hashing")
                .put("hash_buckets", 8)
                .put("scaling", "minmax")
                .put("text", "drop"));

        ModelManifest manifest = train(churnTable(400, 1), CHURN_SCHEMA, logistic("churned").withPreprocessing(options))
                .manifest();

        assertThat(manifest.preprocessing())
                .anySatisfy(line -> assertThat(line).startsWith("plan: categorical, hashing"))
                .anySatisfy(line -> assertThat(line).startsWith("tenure: numeric").contains("min-max scale"))
                .anySatisfy(line -> assertThat(line).startsWith("notes: text, dropped"));
        assertThat(manifest.metrics().get("accuracy")).isGreaterThan(0.8);
    }

    @Test
    void keepsTheLossCurveWithTheModel() {
        ModelManifest manifest = train(churnTable(500, 1), CHURN_SCHEMA, logistic("churned")).manifest();

        List<TrainingCurve.Point> points = manifest.trainingCurve().points();
        assertThat(points).isNotEmpty();
        assertThat(points.getFirst().step()).isEqualTo(1);
        assertThat(points).allSatisfy(point -> assertThat(point.values()).containsOnlyKeys("loss"));
        // L-BFGS never increases the objective.
        assertThat(points.getLast().values().get("loss")).isLessThan(points.getFirst().values().get("loss"));
        assertThat(ModelArtifacts.readManifest(train(churnTable(500, 1), CHURN_SCHEMA, logistic("churned"))
                .artifact()).trainingCurve()).isEqualTo(manifest.trainingCurve());
    }

    @Test
    void usesTheCallersTestRows() {
        List<Integer> testRows = List.of(0, 5, 10, 15, 20, 25, 30, 35, 40, 45);
        TrainingSpec spec = new TrainingSpec(
                "churned", "logistic_regression", Map.of(), 42, 0.5, Optional.empty(), testRows);

        ModelManifest manifest = train(churnTable(200, 1), CHURN_SCHEMA, spec).manifest();

        assertThat(manifest.metrics().get("test_rows")).isEqualTo(10);
        assertThat(manifest.metrics().get("train_rows")).isEqualTo(190);
    }

    @Test
    void rejectsTestRowsOutsideTheDatasetOrListedTwice() {
        Table table = churnTable(50, 1);
        assertInvalid(
                () -> train(table, CHURN_SCHEMA, withTestRows(List.of(3, 50))),
                "test_rows: row 50 is outside the dataset's 50 rows");
        assertInvalid(
                () -> train(table, CHURN_SCHEMA, withTestRows(List.of(3, 3))), "test_rows: row 3 is listed twice");
    }

    @Test
    void choosesTheTaskFromTheTargetForAlgorithmsThatDoBoth() {
        TrainingSpec asRegression = new TrainingSpec(
                "churned", "logistic_regression", Map.of(), 42, 0.2, Optional.of(Task.REGRESSION), List.of());

        assertInvalid(
                () -> train(churnTable(100, 1), CHURN_SCHEMA, asRegression),
                "algorithm 'logistic_regression' does not do REGRESSION; it does [CLASSIFICATION]");
    }

    private static TrainingSpec withTestRows(List<Integer> testRows) {
        return new TrainingSpec("churned", "logistic_regression", Map.of(), 42, 0.2, Optional.empty(), testRows);
    }

    private TrainedModel train(Table table, Schema schema, TrainingSpec spec) {
        return pipeline.train(table, schema, spec, PROVENANCE, ProgressListener.NONE, () -> false);
    }

    private static TrainingSpec logistic(String target) {
        return new TrainingSpec(target, "logistic_regression", Map.of(), 42, TrainingSpec.DEFAULT_TEST_FRACTION);
    }

    /**
     * Subscribers churn when tenure is short, on the basic plan and without autopay: logit = 3 - 0.25·tenure + 2
     * [basic] - 2 [autopay]. Some cells are missing; notes are free text.
     */
    static Table churnTable(int rows, long seed) {
        Random random = new Random(seed);
        String[] plans = {"basic", "standard", "premium"};
        List<String[]> cells = new ArrayList<>();
        for (int row = 0; row < rows; row++) {
            double tenure = random.nextInt(60);
            int plan = random.nextInt(3);
            boolean autopay = random.nextBoolean();
            double logit = 3 - 0.25 * tenure + (plan == 0 ? 2 : 0) - (autopay ? 2 : 0);
            boolean churned = random.nextDouble() < 1 / (1 + Math.exp(-logit));
            cells.add(new String[] {
                row % 17 == 0 ? "" : format(tenure),
                row % 23 == 0 ? "" : plans[plan],
                churned ? "yes" : "no",
                Boolean.toString(autopay).toUpperCase(Locale.ROOT),
                "customer note number " + row
            });
        }
        return new Table(List.of("tenure", "plan", "churned", "autopay", "notes"), cells);
    }

    private static String format(double value) {
        return Double.toString(value);
    }

    private static void assertInvalid(ThrowingCallable call, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(MarqueeException.class,
                        exception -> assertThat(exception.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage(message);
    }
}
