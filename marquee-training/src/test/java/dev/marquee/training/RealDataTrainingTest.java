package dev.marquee.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marquee.core.CsvDatasets;
import dev.marquee.core.CsvLimits;
import dev.marquee.core.DatasetProfile;
import dev.marquee.core.LoadedModel;
import dev.marquee.core.ModelArtifacts;
import dev.marquee.core.ModelManifest;
import dev.marquee.core.ProgressListener;
import dev.marquee.core.Provenance;
import dev.marquee.core.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** From a CSV file to a scoring model, the way the server does it: profile, read, train, load. */
class RealDataTrainingTest {
    private static final List<Path> SHARED_DATA = List.of(Path.of("../shared/data"), Path.of("../../shared/data"));
    private static final Provenance PROVENANCE =
            new Provenance("ds", "00".repeat(32), 42, "test", "job", Instant.parse("2026-01-01T00:00:00Z"));

    @TempDir
    Path directory;

    @Test
    void trainsFromAGeneratedCsvFile() throws IOException {
        Table generated = TrainingPipelineTest.churnTable(500, 12);
        String text = generated.columnNames().stream().collect(Collectors.joining(",")) + "\r\n"
                + generated.rows().stream().map(row -> String.join(",", row)).collect(Collectors.joining("\r\n"));
        Path csv = Files.writeString(directory.resolve("churn.csv"), text);

        ModelManifest manifest = trainFromCsv(csv, "churned", "logistic_regression");

        assertThat(manifest.inputs()).extracting(column -> column.name() + ":" + column.type()).containsExactly(
                "tenure:NUMERIC", "plan:CATEGORICAL", "autopay:BOOLEAN", "notes:TEXT");
        assertThat(manifest.metrics().get("accuracy")).isGreaterThan(0.8);
    }

    @Test
    void classifiesBreastCancerAsWellAsScikitLearn() {
        ModelManifest manifest = trainFromCsv(sharedFile("sklearn/breast_cancer.csv"), "target", "logistic_regression");

        assertThat(manifest.output().classes()).containsExactly("0", "1");
        assertThat(manifest.metrics().get("test_rows")).isEqualTo(114);
        assertThat(manifest.metrics().get("accuracy")).isGreaterThanOrEqualTo(0.95);
        assertThat(manifest.metrics().get("roc_auc")).isGreaterThan(0.98);
    }

    @Test
    void classifiesIrisSpecies() {
        ModelManifest manifest = trainFromCsv(sharedFile("sklearn/iris.csv"), "target", "logistic_regression");

        assertThat(manifest.output().classes()).containsExactly("0", "1", "2");
        assertThat(manifest.metrics().get("accuracy")).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void regressesDiabetesProgression() {
        ModelManifest manifest = trainFromCsv(sharedFile("sklearn/diabetes.csv"), "target", "linear_regression");

        // scikit-learn's Ridge reaches R² 0.454 on its own split; splits differ, so leave room.
        assertThat(manifest.metrics().get("r2")).isGreaterThan(0.35);
    }

    private ModelManifest trainFromCsv(Path csv, String target, String algorithm) {
        DatasetProfile profile = CsvDatasets.profile(csv, CsvLimits.DEFAULT);
        Table table = CsvDatasets.read(csv, CsvLimits.DEFAULT);
        TrainedModel trained = new TrainingPipeline().train(
                table,
                profile.schema(),
                new TrainingSpec(target, algorithm, Map.of(), 42, 0.2),
                PROVENANCE,
                ProgressListener.NONE,
                () -> false);
        LoadedModel model = ModelArtifacts.load(trained.artifact());
        Object[] firstRow = Arrays.copyOf(new Object[0], model.manifest().inputs().size());
        assertThat(model.predict(new Object[][] {firstRow}).size()).isEqualTo(1);
        return trained.manifest();
    }

    private static Path sharedFile(String name) {
        Path file = SHARED_DATA.stream()
                .map(directory -> directory.resolve(name))
                .filter(Files::isRegularFile)
                .findFirst()
                .orElse(null);
        Assumptions.assumeTrue(file != null, () -> "shared data file " + name + " is absent");
        return file;
    }
}
