package dev.marquee.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.marquee.client.ApiResponse;
import dev.marquee.client.MarqueeClient;
import dev.marquee.core.CellValues;
import dev.marquee.core.Column;
import dev.marquee.core.ColumnType;
import dev.marquee.core.InputRows;
import dev.marquee.core.LoadedModel;
import dev.marquee.core.ModelArtifacts;
import dev.marquee.core.Predictions;
import dev.marquee.core.SampleDatasets;
import dev.marquee.core.Table;
import java.nio.DoubleBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /v1/models/{name}/versions/{v}/onnx}: a trained model as an ONNX file that scores as Marquee does. */
class OnnxDownloadTest {
    @TempDir
    Path dataDirectory;

    @Test
    void downloadsAnOnnxModelThatPredictsAsTheServedModel() throws Exception {
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient client = Fixtures.tenant(server, "studio")) {
            Fixtures.trainChurnModel(client, "churn", 600, 3);

            ApiResponse onnx = client.get("/v1/models/churn/versions/1/onnx");

            assertThat(onnx.status()).isEqualTo(200);
            assertThat(onnx.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
            assertThat(onnx.headers().firstValue("Content-Disposition").orElseThrow()).contains("churn-v1.onnx");
            LoadedModel model = ModelArtifacts.load(client.get("/v1/models/churn/versions/1/download").body());
            List<Column> inputs = model.manifest().inputs();
            List<Object[]> rows = sampleRows(inputs);
            Predictions expected = model.predict(rows.toArray(Object[][]::new));
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            try (OrtSession session = environment.createSession(onnx.body(), new OrtSession.SessionOptions())) {
                assertThat(session.getInputNames()).containsExactlyInAnyOrderElementsOf(
                        inputs.stream().map(Column::name).toList());
                Map<String, OnnxTensor> tensors = tensors(environment, inputs, rows);
                try (OrtSession.Result result = session.run(tensors)) {
                    String[] labels = (String[]) result.get("label").orElseThrow().getValue();
                    double[][] probabilities = (double[][]) result.get("probabilities").orElseThrow().getValue();
                    assertThat(labels).containsExactly(expected.labels());
                    for (int row = 0; row < rows.size(); row++) {
                        for (int label = 0; label < probabilities[row].length; label++) {
                            assertThat(probabilities[row][label])
                                    .isCloseTo(expected.probabilities()[row][label], within(1e-9));
                        }
                    }
                }
                finally {
                    tensors.values().forEach(OnnxTensor::close);
                }
            }
        }
    }

    @Test
    void refusesAModelWhosePreprocessingOnnxCannotExpressNamingTheStep() {
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient client = Fixtures.tenant(server, "studio")) {
            String dataset = client.uploadDataset("viewers", SampleDatasets.viewerChurn(300, 5)).path("id").asText();
            String job = client.post("/v1/training-jobs", Map.of(
                    "dataset_id", dataset,
                    "model_name", "hashed",
                    "target", Fixtures.TARGET,
                    "algorithm", "logistic_regression",
                    "preprocessing", Map.of("categorical_encoding", "hashing"))).successJson().path("id").asText();
            assertThat(client.awaitJob(job, java.time.Duration.ofMinutes(5), state -> {}).path("state").asText())
                    .isEqualTo("succeeded");

            ApiResponse onnx = client.get("/v1/models/hashed/versions/1/onnx");

            assertThat(onnx.status()).isEqualTo(400);
            assertThat(onnx.json().path("code").asText()).isEqualTo("INVALID_ARGUMENT");
            assertThat(onnx.json().path("error").asText()).contains("categorical_hashing");
        }
    }

    @Test
    void answersNotFoundForAnUnknownVersion() {
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient client = Fixtures.tenant(server, "studio")) {
            assertThat(client.get("/v1/models/nothing/versions/1/onnx").status()).isEqualTo(404);
        }
    }

    /** Rows of the sample dataset as Marquee input cells. */
    private static List<Object[]> sampleRows(List<Column> inputs) {
        List<String> lines = SampleDatasets.viewerChurn(25, 17).lines().toList();
        Table table = new Table(
                Arrays.asList(lines.getFirst().split(",", -1)),
                lines.subList(1, lines.size()).stream().map(line -> line.split(",", -1)).toList());
        return InputRows.fromTable(table, inputs);
    }

    /** The graph's inputs: DOUBLE (NaN missing, booleans 1/0, timestamps in epoch seconds) or STRING ("" missing). */
    private static Map<String, OnnxTensor> tensors(OrtEnvironment environment, List<Column> inputs, List<Object[]> rows)
            throws Exception {
        long[] shape = {rows.size(), 1};
        Map<String, OnnxTensor> tensors = new HashMap<>();
        for (int column = 0; column < inputs.size(); column++) {
            Column input = inputs.get(column);
            if (input.type() == ColumnType.CATEGORICAL || input.type() == ColumnType.TEXT) {
                String[] values = new String[rows.size()];
                for (int row = 0; row < values.length; row++) {
                    Object cell = rows.get(row)[column];
                    values[row] = cell == null ? "" : (String) cell;
                }
                tensors.put(input.name(), OnnxTensor.createTensor(environment, values, shape));
                continue;
            }
            double[] values = new double[rows.size()];
            for (int row = 0; row < values.length; row++) {
                values[row] = switch (rows.get(row)[column]) {
                    case null -> Double.NaN;
                    case Double number -> number;
                    case Boolean bool -> bool ? 1 : 0;
                    case String text -> CellValues.epochSeconds(text).orElseThrow();
                    default -> throw new IllegalStateException("unexpected cell");
                };
            }
            tensors.put(input.name(), OnnxTensor.createTensor(environment, DoubleBuffer.wrap(values), shape));
        }
        return tensors;
    }
}
