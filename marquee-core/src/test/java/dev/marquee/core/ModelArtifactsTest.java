package dev.marquee.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelArtifactsTest {
    private static final List<Column> INPUTS =
            List.of(new Column("age", ColumnType.NUMERIC), new Column("city", ColumnType.CATEGORICAL));
    private static final List<Object[]> ROWS = List.of(new Object[] {30.0, "Paris"}, new Object[] {50.0, "Lyon"});
    private static final Provenance PROVENANCE =
            new Provenance("ds-1", "ab".repeat(32), 7, "0.1.0", "job-1", Instant.parse("2026-01-02T03:04:05Z"));

    @Test
    void roundTripsARegressionModel() {
        FittedPipeline pipeline = FittedPipeline.fit(INPUTS, ROWS);
        ModelManifest manifest = manifest("test_mean", new OutputSchema("y", Task.REGRESSION, List.of()), pipeline);
        byte[] artifact = ModelArtifacts.write(manifest, pipeline, new MeanAlgorithm.MeanModel(3, 12.5));

        LoadedModel model = ModelArtifacts.load(artifact);

        assertThat(model.manifest()).isEqualTo(manifest);
        assertThat(ModelArtifacts.readManifest(artifact)).isEqualTo(manifest);
        Predictions predictions = model.predict(new Object[][] {{40.0, "Nice"}, {null, null}});
        assertThat(predictions.values()).containsExactly(12.5, 12.5);
        assertThat(predictions.labels()).isEmpty();
        assertThat(predictions.probabilities()).isEmpty();
    }

    @Test
    void roundTripsAClassificationModelWithLabelsAndProbabilities() {
        FittedPipeline pipeline = FittedPipeline.fit(INPUTS, ROWS);
        OutputSchema output = new OutputSchema("churn", Task.CLASSIFICATION, List.of("no", "yes", "maybe"));
        ModelManifest manifest = manifest("test_prior", output, pipeline);
        PriorAlgorithm.PriorModel prior = new PriorAlgorithm.PriorModel(3, new double[] {0.2, 0.5, 0.3});
        byte[] artifact = ModelArtifacts.write(manifest, pipeline, prior);

        Predictions predictions = ModelArtifacts.load(artifact).predict(new Object[][] {{1.0, "Lyon"}});

        assertThat(predictions.values()).containsExactly(1);
        assertThat(predictions.labels()).containsExactly("yes");
        assertThat(predictions.probabilities()[0]).containsExactly(0.2, 0.5, 0.3);
    }

    @Test
    void rejectsBytesThatAreNotAnArtifactAsCorrupted() {
        assertCode(() -> ModelArtifacts.load("not json".getBytes(StandardCharsets.UTF_8)), ErrorCode.DATA_CORRUPTED);
        assertCode(() -> ModelArtifacts.readManifest("[1]".getBytes(StandardCharsets.UTF_8)), ErrorCode.DATA_CORRUPTED);
        assertCode(
                () -> ModelArtifacts.load("{\"formatVersion\":1}".getBytes(StandardCharsets.UTF_8)),
                ErrorCode.DATA_CORRUPTED);
        assertCode(() -> ModelArtifacts.load(new byte[0]), ErrorCode.DATA_CORRUPTED);
    }

    @Test
    void rejectsAPartWithInvalidContentAsCorrupted() throws Exception {
        ObjectNode root = artifactJson();
        ((ObjectNode) root.get("pipeline").get("encoders").get(0)).put("scale", -1);

        assertCode(() -> ModelArtifacts.load(bytes(root)), ErrorCode.DATA_CORRUPTED);
    }

    @Test
    void rejectsPartsThatDisagreeAsCorrupted() throws Exception {
        ObjectNode root = artifactJson();
        ((ObjectNode) root.get("model")).put("featureCount", 99);

        assertThatThrownBy(() -> ModelArtifacts.load(bytes(root)))
                .isInstanceOfSatisfying(MarqueeException.class,
                        exception -> assertThat(exception.code()).isEqualTo(ErrorCode.DATA_CORRUPTED))
                .hasMessageContaining("model expects 99 features but the pipeline makes 3");
    }

    @Test
    void rejectsANewerFormatVersionAsInvalid() throws Exception {
        ObjectNode root = artifactJson();
        root.put("formatVersion", ModelArtifacts.FORMAT_VERSION + 1);

        assertThatThrownBy(() -> ModelArtifacts.load(bytes(root)))
                .isInstanceOfSatisfying(MarqueeException.class,
                        exception -> assertThat(exception.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("format version 2 is newer");
    }

    @Test
    void rejectsAnUnknownAlgorithmAsInvalid() throws Exception {
        byte[] artifact = bytes(artifactJson());

        assertThatThrownBy(() -> ModelArtifacts.load(artifact, new Algorithms(List.of(new PriorAlgorithm()))))
                .isInstanceOfSatisfying(MarqueeException.class,
                        exception -> assertThat(exception.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("model artifact needs algorithm 'test_mean', which is not installed; "
                        + "installed algorithms are [test_prior]");
    }

    @Test
    void validatesInputRows() throws Exception {
        LoadedModel model = ModelArtifacts.load(bytes(artifactJson()));

        Object[][] rows = {{1.0, "a"}, {1.0, "a"}, {1.0, "a"}, {Double.POSITIVE_INFINITY, "a"}};
        assertThatThrownBy(() -> model.predict(rows))
                .isInstanceOf(MarqueeException.class)
                .hasMessage("input 'age' row 3: Infinity is not allowed");
        assertThatThrownBy(() -> model.predict(new Object[][] {{1.0}}))
                .hasMessage("row 0: expected 2 inputs, found 1");
    }

    private static ObjectNode artifactJson() throws Exception {
        FittedPipeline pipeline = FittedPipeline.fit(INPUTS, ROWS);
        ModelManifest manifest = manifest("test_mean", new OutputSchema("y", Task.REGRESSION, List.of()), pipeline);
        byte[] artifact = ModelArtifacts.write(manifest, pipeline, new MeanAlgorithm.MeanModel(3, 1));
        return (ObjectNode) new ObjectMapper().readTree(artifact);
    }

    private static byte[] bytes(ObjectNode root) throws Exception {
        return new ObjectMapper().writeValueAsBytes(root);
    }

    private static ModelManifest manifest(String algorithm, OutputSchema output, FittedPipeline pipeline) {
        return new ModelManifest(
                ModelArtifacts.FORMAT_VERSION,
                algorithm,
                Map.of(),
                INPUTS,
                output,
                Map.of("rmse", 1.5),
                pipeline.description(),
                PROVENANCE);
    }

    private static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(
                MarqueeException.class, exception -> assertThat(exception.code()).isEqualTo(code));
    }
}
