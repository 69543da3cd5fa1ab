package dev.marquee.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marquee.core.Column;
import dev.marquee.core.ColumnType;
import dev.marquee.core.ErrorCode;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.ModelManifest;
import dev.marquee.core.ProgressListener;
import dev.marquee.core.Provenance;
import dev.marquee.core.Schema;
import dev.marquee.core.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The bad inputs of a training request end the training with a clear INVALID_ARGUMENT naming the problem; degenerate
 * but usable columns (all missing, constant, huge text) train without failing.
 */
class TrainingBadInputTest {
    private static final Provenance PROVENANCE =
            new Provenance("ds", "00".repeat(32), 1, "test", "job", Instant.EPOCH);
    private static final Schema SCHEMA = new Schema(List.of(
            new Column("x", ColumnType.NUMERIC),
            new Column("empty", ColumnType.CATEGORICAL),
            new Column("same", ColumnType.NUMERIC),
            new Column("notes", ColumnType.TEXT),
            new Column("y", ColumnType.NUMERIC),
            new Column("label", ColumnType.CATEGORICAL)));

    private final TrainingPipeline pipeline = new TrainingPipeline();

    @Test
    void rejectsATargetMissingInEveryRow() {
        Table table = table(50, (row, cells) -> cells[4] = "");
        assertInvalid(() -> train(table, "y", "linear_regression", Map.of()),
                "target 'y' has a value in 0 rows; training needs at least 10");
    }

    @Test
    void rejectsAConstantRegressionTarget() {
        Table table = table(50, (row, cells) -> cells[4] = "7");
        assertInvalid(() -> train(table, "y", "random_forest", Map.of()),
                "target 'y' is constant (every row is 7.0); there is nothing to learn");
    }

    @Test
    void rejectsASingleClass() {
        Table table = table(50, (row, cells) -> cells[5] = "only");
        assertInvalid(() -> train(table, "label", "decision_tree", Map.of()),
                "target 'label' has a single class 'only'");
    }

    @Test
    void rejectsAHyperParameterOutOfRangeNamingIt() {
        Table table = table(50, (row, cells) -> {});
        assertInvalid(() -> train(table, "label", "random_forest", Map.of("trees", "0")),
                "parameter 'trees' of random_forest must be between 1 and 10000, was 0");
        assertInvalid(() -> train(table, "label", "mlp", Map.of("learning_rate", "-1")),
                "parameter 'learning_rate' of mlp must be > 0, was -1.0");
    }

    @Test
    void trainsDespiteAllMissingConstantAndHugeTextColumns() {
        String tenMegabytes = "word ".repeat(2_000_000);
        Table table = table(60, (row, cells) -> cells[3] = row == 0 ? tenMegabytes : "short note " + row);

        for (String algorithm : List.of("logistic_regression", "decision_tree", "gradient_boosting", "mlp")) {
            ModelManifest manifest = train(table, "label", algorithm, Map.of());
            assertThat(manifest.metrics()).as(algorithm).containsKey("accuracy");
        }
    }

    private interface RowEditor {
        void edit(int row, String[] cells);
    }

    /** Rows where label = "big" when x > 0; {@code empty} is always missing and {@code same} always 3. */
    private static Table table(int rows, RowEditor editor) {
        SplittableRandom random = new SplittableRandom(5);
        List<String[]> cells = new ArrayList<>();
        for (int row = 0; row < rows; row++) {
            double x = random.nextDouble() * 2 - 1;
            String[] values = {
                Double.toString(x), "", "3", "note " + row, Double.toString(2 * x + 1), x > 0 ? "big" : "small"
            };
            editor.edit(row, values);
            cells.add(values);
        }
        return new Table(List.of("x", "empty", "same", "notes", "y", "label"), cells);
    }

    private ModelManifest train(Table table, String target, String algorithm, Map<String, String> parameters) {
        return pipeline.train(
                        table,
                        SCHEMA,
                        new TrainingSpec(target, algorithm, parameters, 3, TrainingSpec.DEFAULT_TEST_FRACTION),
                        PROVENANCE,
                        ProgressListener.NONE,
                        () -> false)
                .manifest();
    }

    private static void assertInvalid(ThrowingCallable call, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(MarqueeException.class,
                        exception -> assertThat(exception.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage(message);
    }
}
