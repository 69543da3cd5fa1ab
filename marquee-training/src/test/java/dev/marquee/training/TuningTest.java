package dev.marquee.training;

import static dev.marquee.training.TrainingPipelineTest.churnTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marquee.core.Column;
import dev.marquee.core.ColumnType;
import dev.marquee.core.ErrorCode;
import dev.marquee.core.Json;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.ModelArtifacts;
import dev.marquee.core.ModelManifest;
import dev.marquee.core.ProgressListener;
import dev.marquee.core.Provenance;
import dev.marquee.core.Schema;
import dev.marquee.core.Table;
import dev.marquee.core.TuningReport;
import dev.marquee.core.TuningReport.Trial;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class TuningTest {
    private static final Provenance PROVENANCE =
            new Provenance("ds-7", "cd".repeat(32), 42, "0.1.0-test", "job-9", Instant.parse("2026-02-03T04:05:06Z"));
    private static final Schema CHURN_SCHEMA = new Schema(List.of(
            new Column("tenure", ColumnType.NUMERIC),
            new Column("plan", ColumnType.CATEGORICAL),
            new Column("churned", ColumnType.CATEGORICAL),
            new Column("autopay", ColumnType.BOOLEAN),
            new Column("notes", ColumnType.TEXT)));
    private static final Schema LINE_SCHEMA = new Schema(List.of(
            new Column("day", ColumnType.TIMESTAMP),
            new Column("x", ColumnType.NUMERIC),
            new Column("y", ColumnType.NUMERIC)));

    private final TrainingPipeline pipeline = new TrainingPipeline();

    @Test
    void gridSearchFindsTheDepthThatFitsAnEightStepStaircase() {
        TuningSpec tuning = TuningSpec.grid(Map.of("max_depth", values("2", "3", "1"))).withParallelism(2);

        ModelManifest manifest = train(staircase(240), STAIRCASE_SCHEMA, staircaseSpec().withTuning(tuning))
                .manifest();

        TuningReport report = manifest.tuning();
        assertThat(report.method()).isEqualTo("grid");
        assertThat(report.metric()).isEqualTo("rmse");
        assertThat(report.trials()).extracting(trial -> trial.parameters().get("max_depth"))
                .containsExactly("2", "3", "1");
        assertThat(report.trials()).extracting(Trial::number).containsExactly(1, 2, 3);
        assertThat(report.trials()).allSatisfy(trial -> assertThat(trial.succeeded()).isTrue());
        assertThat(report.best()).isEqualTo(Map.of("max_depth", "3"));
        assertThat(manifest.parameters()).containsEntry("max_depth", "3");
        // Depth 2 leaves pairs of steps together (rmse about 0.5); depth 3 misses only rows near a step's edge.
        assertThat(report.trials().get(0).score().orElseThrow().mean()).isGreaterThan(0.4);
        assertThat(report.trials().get(1).score().orElseThrow().mean()).isLessThan(0.2);
        assertThat(manifest.metrics().get("rmse")).isLessThan(0.2);
    }

    @Test
    void optimisesAMetricWhereLowerIsBetter() {
        TuningSpec tuning = TuningSpec.grid(Map.of("l2", values("1000", "0.01"))).withMetric("log_loss");

        TuningReport report = train(churnTable(300, 1), CHURN_SCHEMA, logistic().withTuning(tuning))
                .manifest()
                .tuning();

        assertThat(report.metric()).isEqualTo("log_loss");
        assertThat(report.best()).isEqualTo(Map.of("l2", "0.01"));
    }

    @Test
    void randomSearchIsDeterministicForASeedAndDrawsWithinTheRanges() {
        TuningSpec tuning = TuningSpec.random(
                Map.of(
                        "l2", new SearchSpace.Range(1e-4, 10, true, false),
                        "max_iterations", new SearchSpace.Range(5, 50, false, true)),
                4);
        Table table = churnTable(200, 2);

        List<Trial> first = train(table, CHURN_SCHEMA, logistic().withTuning(tuning)).manifest().tuning().trials();
        List<Trial> again = train(table, CHURN_SCHEMA, logistic().withTuning(tuning)).manifest().tuning().trials();
        List<Trial> otherSeed = train(table, CHURN_SCHEMA, logistic(7).withTuning(tuning)).manifest().tuning().trials();

        assertThat(withoutFitTimes(again)).isEqualTo(withoutFitTimes(first));
        assertThat(otherSeed.stream().map(Trial::parameters).toList())
                .isNotEqualTo(first.stream().map(Trial::parameters).toList());
        assertThat(first).hasSize(4).allSatisfy(trial -> {
            assertThat(Double.parseDouble(trial.parameters().get("l2"))).isBetween(1e-4, 10.0);
            assertThat(Integer.parseInt(trial.parameters().get("max_iterations"))).isBetween(5, 50);
        });
    }

    @Test
    void parallelAndSequentialTuningGiveIdenticalTrialTables() {
        Map<String, SearchSpace> space = Map.of(
                "max_depth", new SearchSpace.Range(1, 4, false, true),
                "min_samples_leaf", values("1", "20"));
        Table table = staircase(200);

        ModelManifest sequential = train(
                        table, STAIRCASE_SCHEMA, staircaseSpec().withTuning(TuningSpec.grid(space).withParallelism(1)))
                .manifest();
        ModelManifest parallel = train(
                        table, STAIRCASE_SCHEMA, staircaseSpec().withTuning(TuningSpec.grid(space).withParallelism(4)))
                .manifest();

        assertThat(sequential.tuning().trials()).hasSize(8);
        assertThat(withoutFitTimes(parallel.tuning().trials()))
                .isEqualTo(withoutFitTimes(sequential.tuning().trials()));
        assertThat(parallel.tuning().best()).isEqualTo(sequential.tuning().best());
        assertThat(parallel.parameters()).isEqualTo(sequential.parameters());
        assertThat(parallel.metrics()).isEqualTo(sequential.metrics());
    }

    @Test
    void recordsAFailedTrialAndKeepsSearching() {
        TuningSpec tuning = TuningSpec.grid(Map.of("l2", values("-1", "0.1")));

        TuningReport report = train(churnTable(200, 3), CHURN_SCHEMA, logistic().withTuning(tuning))
                .manifest()
                .tuning();

        assertThat(report.trials().getFirst().failure())
                .contains("parameter 'l2' of logistic_regression must be >= 0, was -1.0");
        assertThat(report.trials().getFirst().score()).isEmpty();
        assertThat(report.best()).isEqualTo(Map.of("l2", "0.1"));
    }

    @Test
    void failsWhenEveryTrialFails() {
        TuningSpec tuning = TuningSpec.grid(Map.of("l2", values("-1", "-2")));

        assertInvalid(
                () -> train(churnTable(200, 3), CHURN_SCHEMA, logistic().withTuning(tuning)),
                "every one of the 2 tuning trials failed; trial 1: "
                        + "parameter 'l2' of logistic_regression must be >= 0, was -1.0");
    }

    @Test
    void neverScoresATrialOrAFoldOnTheTestRows() {
        // The caller's test rows are poisoned: their target is a million off the line every other row follows. A
        // trial or fold that saw one would score an error in the thousands.
        List<Integer> testRows = IntStream.range(0, 200).filter(row -> row % 5 == 0).boxed().toList();
        Table table = line(200, 4, testRows);
        TrainingSpec spec = new TrainingSpec("y", "linear_regression", Map.of(), 42, 0.2, Optional.empty(),
                testRows);

        ModelManifest manifest = train(table, LINE_SCHEMA,
                        spec.withTuning(TuningSpec.grid(Map.of("l2", values("0", "1")))))
                .manifest();
        CrossValidationResult crossValidated =
                pipeline.crossValidate(table, LINE_SCHEMA, spec.withFolds(4), ProgressListener.NONE, () -> false);

        assertThat(manifest.tuning().trials())
                .allSatisfy(trial -> assertThat(trial.score().orElseThrow().mean()).isLessThan(1));
        assertThat(manifest.metrics().get("rmse")).isGreaterThan(100_000);
        assertThat(crossValidated.trainingRows()).isEqualTo(160);
        assertThat(crossValidated.folds()).isEqualTo(4);
        assertThat(crossValidated.metrics().get("rmse").mean()).isLessThan(1);
    }

    @Test
    void timeSplitTestsOnTheLatestRows() {
        // Rows are in random order; the latest fifth by day is poisoned, so only a split that holds out exactly the
        // latest days trains on clean rows and tests on poisoned ones.
        Random random = new Random(5);
        List<Integer> days = new ArrayList<>(IntStream.range(0, 100).boxed().toList());
        Collections.shuffle(days, random);
        List<String[]> rows = new ArrayList<>();
        for (int day : days) {
            double x = random.nextGaussian();
            double y = 2 * x + 0.01 * random.nextGaussian() + (day >= 80 ? 1_000 : 0);
            rows.add(new String[] {LocalDate.of(2025, 1, 1).plusDays(day).toString(), format(x), format(y)});
        }
        TrainingSpec spec = new TrainingSpec("y", "linear_regression", Map.of(), 42, 0.2).withTimeSplit("day");
        Table table = new Table(List.of("day", "x", "y"), rows);

        ModelManifest manifest = train(table, LINE_SCHEMA, spec).manifest();
        CrossValidationResult validated =
                pipeline.crossValidate(table, LINE_SCHEMA, spec, ProgressListener.NONE, () -> false);

        assertThat(manifest.metrics().get("test_rows")).isEqualTo(20);
        assertThat(manifest.metrics().get("mae")).isCloseTo(1_000, within(1.0));
        // Validation is on the latest 16 of the 80 clean training rows.
        assertThat(validated.folds()).isEqualTo(1);
        assertThat(validated.metrics().get("mae").mean()).isLessThan(0.1);
        assertThat(validated.metrics().get("mae").std()).isZero();
    }

    @Test
    void crossValidationReportsTheMeanAndSpreadOfEveryMetric() {
        Table table = churnTable(300, 6);

        CrossValidationResult result = pipeline.crossValidate(
                table, CHURN_SCHEMA, logistic().withFolds(4), ProgressListener.NONE, () -> false);
        ModelManifest manifest = train(table, CHURN_SCHEMA, logistic().withFolds(4)).manifest();

        assertThat(result.folds()).isEqualTo(4);
        assertThat(result.trainingRows()).isEqualTo(240);
        assertThat(result.metrics()).containsKeys("accuracy", "f1_macro", "log_loss", "roc_auc");
        assertThat(result.metrics().get("accuracy").mean()).isBetween(0.7, 1.0);
        assertThat(result.metrics().get("accuracy").std()).isPositive().isLessThan(0.2);
        assertThat(manifest.metrics().get("cv_accuracy_mean")).isEqualTo(result.metrics().get("accuracy").mean());
        assertThat(manifest.metrics().get("cv_accuracy_std")).isEqualTo(result.metrics().get("accuracy").std());
        assertThat(manifest.tuning()).isEqualTo(TuningReport.NONE);
    }

    @Test
    void manifestCarriesTheTrialTableThroughTheArtifact() {
        TuningSpec tuning = TuningSpec.grid(Map.of("l2", values("-1", "0.1", "10")));

        TrainedModel trained = train(churnTable(200, 8), CHURN_SCHEMA, logistic().withTuning(tuning));

        assertThat(trained.manifest().tuning().trials()).hasSize(3);
        assertThat(ModelArtifacts.readManifest(trained.artifact())).isEqualTo(trained.manifest());
        assertThat(ModelArtifacts.load(trained.artifact()).manifest().tuning()).isEqualTo(trained.manifest().tuning());
    }

    @Test
    void readsAnArtifactWrittenBeforeTuningAsUntuned() throws Exception {
        byte[] artifact = train(churnTable(100, 9), CHURN_SCHEMA, logistic()).artifact();
        ObjectMapper mapper = Json.newObjectMapper();
        ObjectNode root = (ObjectNode) mapper.readTree(artifact);
        ((ObjectNode) root.get("manifest")).remove("tuning");

        ModelManifest manifest = ModelArtifacts.readManifest(mapper.writeValueAsBytes(root));

        assertThat(root.get("manifest").has("evaluation")).isTrue();
        assertThat(manifest.tuning()).isEqualTo(TuningReport.NONE);
    }

    @Test
    void reportsEachTrialWithTheBestScoreSoFar() {
        List<String> messages = new CopyOnWriteArrayList<>();
        List<Double> fractions = new CopyOnWriteArrayList<>();
        TuningSpec tuning = TuningSpec.grid(Map.of("max_depth", values("1", "3"))).withParallelism(2);

        pipeline.train(staircase(120), STAIRCASE_SCHEMA, staircaseSpec().withTuning(tuning), PROVENANCE,
                (fraction, message) -> {
                    fractions.add(fraction);
                    messages.add(message);
                },
                () -> false);

        assertThat(fractions).isSorted();
        assertThat(fractions.getLast()).isEqualTo(1.0);
        assertThat(messages).anySatisfy(message -> assertThat(message).startsWith("trial 1/2 done; best rmse "));
        assertThat(messages).anySatisfy(message -> assertThat(message)
                .startsWith("trial 2/2 done; best rmse ")
                .endsWith(" with {max_depth=3}"));
    }

    @Test
    void stopsWhenCancelledDuringTheSearch() {
        AtomicBoolean cancelled = new AtomicBoolean();
        List<String> messages = new CopyOnWriteArrayList<>();
        TuningSpec tuning = TuningSpec.grid(Map.of("max_depth", values("1", "2", "3", "4"))).withParallelism(1);

        assertThatThrownBy(() -> pipeline.train(staircase(120), STAIRCASE_SCHEMA, staircaseSpec().withTuning(tuning),
                        PROVENANCE,
                        (fraction, message) -> {
                            messages.add(message);
                            if (message.startsWith("trial 1/")) {
                                cancelled.set(true);
                            }
                        },
                        cancelled::get))
                .isInstanceOf(CancellationException.class);
        assertThat(messages).noneMatch(message -> message.startsWith("trial 2/"));
    }

    @Test
    void rejectsBadSearchesBeforeAnyTrial() {
        Table table = churnTable(100, 10);
        List<String> messages = new CopyOnWriteArrayList<>();
        ProgressListener recording = (fraction, message) -> messages.add(message);

        assertInvalid(
                () -> pipeline.train(table, CHURN_SCHEMA,
                        logistic().withTuning(TuningSpec.grid(Map.of("C", values("1", "2")))),
                        PROVENANCE, recording, () -> false),
                "tuning space: unknown parameter 'C' for logistic_regression; "
                        + "known parameters are [l1, l2, max_iterations, tolerance]");
        assertThat(messages).noneMatch(message -> message.startsWith("trial"));
        TrainingSpec fixedL2 = new TrainingSpec("churned", "logistic_regression", Map.of("l2", "1"), 42, 0.2);
        assertInvalid(
                () -> train(table, CHURN_SCHEMA, fixedL2.withTuning(TuningSpec.grid(Map.of("l2", values("2"))))),
                "parameter 'l2' is both fixed and searched; remove it from parameters or from the tuning space");
        assertInvalid(
                () -> train(table, CHURN_SCHEMA,
                        logistic().withTuning(TuningSpec.grid(Map.of("l2", values("2"))).withMetric("rmse"))),
                "tuning metric 'rmse' is not a classification metric; choose one of "
                        + "[accuracy, calibration_error, f1_macro, log_loss, pr_auc, precision_macro, recall_macro, "
                        + "roc_auc]");
        assertInvalid(
                () -> train(table, CHURN_SCHEMA, logistic().withTuning(
                        TuningSpec.grid(Map.of("l2", new SearchSpace.Range(1, 2000, false, true))))),
                "the integer range of 'l2' has more than 1000 values; narrow it or use random search");
    }

    @Test
    void rejectsMalformedSearchSpaces() {
        assertInvalid(
                () -> TuningSpec.grid(Map.of()),
                "the tuning space is empty; name at least one parameter to search");
        assertInvalid(() -> values(), "a list of values to search must not be empty");
        assertInvalid(
                () -> new SearchSpace.Range(5, 1, false, false),
                "a range's min must not exceed its max, was [5.0, 1.0]");
        assertInvalid(
                () -> new SearchSpace.Range(0, 1, true, false), "a log range must start above 0, was [0.0, 1.0]");
        assertInvalid(
                () -> new SearchSpace.Range(1.2, 1.8, false, true),
                "an integer range must contain an integer, was [1.2, 1.8]");
        assertInvalid(
                () -> TuningSpec.random(Map.of("l2", values("1")), 0), "tuning trials must be in [1, 1000], was 0");
        assertInvalid(
                () -> TuningSpec.random(Map.of("l2", values("1")), -3), "tuning trials must be in [1, 1000], was -3");
        assertInvalid(
                () -> TuningSpec.grid(Map.of("l2", values("1"))).withParallelism(0),
                "tuning parallelism must be at least 1, was 0");
    }

    @Test
    void rejectsFewerTrainingRowsThanFolds() {
        assertInvalid(
                () -> train(churnTable(100, 11), CHURN_SCHEMA, logistic().withFolds(500)),
                "fewer rows (80) than folds (500); use at most 80 folds");
        assertInvalid(
                () -> train(churnTable(100, 11), CHURN_SCHEMA, logistic().withFolds(1)),
                "folds must be at least 2, was 1");
    }

    @Test
    void rejectsATimeSplitWithoutAUsableTimeColumn() {
        Table table = churnTable(100, 12);
        assertInvalid(
                () -> train(table, CHURN_SCHEMA, logistic().withTimeSplit("plan")),
                "time_column 'plan' is CATEGORICAL; a time split needs a TIMESTAMP or NUMERIC column");
        assertInvalid(
                () -> train(table, CHURN_SCHEMA, logistic().withTimeSplit("signup")),
                "unknown time_column 'signup'; columns are [tenure, plan, churned, autopay, notes]");
        assertInvalid(
                () -> train(table, CHURN_SCHEMA, logistic().withTimeSplit("tenure")),
                "time_column 'tenure' has no time in row 0: ''");
        assertInvalid(
                () -> train(table, CHURN_SCHEMA, logistic().withTimeSplit("tenure").withFolds(3)),
                "folds do not apply to split 'time', which validates on the latest training rows");
        TrainingSpec timeWithoutColumn = new TrainingSpec("churned", "logistic_regression", Map.of(), 42, 0.2,
                Optional.empty(), List.of(), SplitMethod.TIME, Optional.empty(),
                OptionalInt.empty(), Optional.empty());
        assertInvalid(() -> train(table, CHURN_SCHEMA, timeWithoutColumn), "split 'time' needs a time_column");
    }

    private static final Schema STAIRCASE_SCHEMA = new Schema(List.of(
            new Column("x", ColumnType.NUMERIC),
            new Column("noise", ColumnType.NUMERIC),
            new Column("step", ColumnType.NUMERIC)));

    /** {@code step = floor(8x)} for x uniform in [0, 1): a tree of depth 3 fits it exactly, shallower ones cannot. */
    private static Table staircase(int rows) {
        Random random = new Random(rows);
        List<String[]> cells = new ArrayList<>();
        for (int row = 0; row < rows; row++) {
            double x = random.nextDouble();
            cells.add(new String[] {format(x), format(random.nextDouble()), format(Math.floor(8 * x))});
        }
        return new Table(List.of("x", "noise", "step"), cells);
    }

    private static TrainingSpec staircaseSpec() {
        return new TrainingSpec("step", "decision_tree", Map.of(), 42, 0.2);
    }

    /** {@code y = 2x} with a little noise, a million off on the poisoned rows; days in row order. */
    private static Table line(int rows, long seed, List<Integer> poisoned) {
        Random random = new Random(seed);
        List<String[]> cells = new ArrayList<>();
        for (int row = 0; row < rows; row++) {
            double x = random.nextGaussian();
            double y = 2 * x + 0.01 * random.nextGaussian() + (poisoned.contains(row) ? 1_000_000 : 0);
            cells.add(new String[] {LocalDate.of(2025, 1, 1).plusDays(row).toString(), format(x), format(y)});
        }
        return new Table(List.of("day", "x", "y"), cells);
    }

    private static TrainingSpec logistic() {
        return logistic(42);
    }

    private static TrainingSpec logistic(long seed) {
        return new TrainingSpec("churned", "logistic_regression", Map.of(), seed, 0.2);
    }

    private static SearchSpace values(String... values) {
        return new SearchSpace.Values(List.of(values));
    }

    /** Trials as compared across runs: fit times are wall-clock and vary. */
    private static List<Trial> withoutFitTimes(List<Trial> trials) {
        return trials.stream()
                .map(trial -> new Trial(
                        trial.number(), trial.parameters(), trial.score(), Duration.ZERO, trial.failure()))
                .toList();
    }

    private TrainedModel train(Table table, Schema schema, TrainingSpec spec) {
        return pipeline.train(table, schema, spec, PROVENANCE, ProgressListener.NONE, () -> false);
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
