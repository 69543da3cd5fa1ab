package dev.marquee.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marquee.core.Algorithm;
import dev.marquee.core.Algorithms;
import dev.marquee.core.Column;
import dev.marquee.core.ColumnType;
import dev.marquee.core.FittedModel;
import dev.marquee.core.FittedPipeline;
import dev.marquee.core.ModelArtifacts;
import dev.marquee.core.ModelManifest;
import dev.marquee.core.OutputSchema;
import dev.marquee.core.PreprocessingOptions;
import dev.marquee.core.ProgressListener;
import dev.marquee.core.Provenance;
import dev.marquee.core.Task;
import dev.marquee.core.TrainingContext;
import dev.marquee.core.TrainingData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.DoubleBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A generated tabular fixture with every exportable column type (two numbers, a categorical with a rare value, a
 * boolean, a timestamp), missing cells in each, and helpers to train a model on it and score rows both in Marquee and
 * in ONNX Runtime.
 */
final class ExportFixtures {
    static final List<Column> INPUTS = List.of(
            new Column("x1", ColumnType.NUMERIC),
            new Column("x2", ColumnType.NUMERIC),
            new Column("color", ColumnType.CATEGORICAL),
            new Column("flag", ColumnType.BOOLEAN),
            new Column("seen", ColumnType.TIMESTAMP));
    static final List<String> COLORS = List.of("red", "green", "blue", "red", "green", "violet");
    private static final double FIRST_SECOND = 1_700_000_000;

    private ExportFixtures() {}

    /** The raw rows: Marquee cells (Double, String, Boolean, epoch-seconds String, null when missing). */
    static List<Object[]> rows(int count, long seed) {
        Random random = new Random(seed);
        List<Object[]> rows = new ArrayList<>(count);
        for (int row = 0; row < count; row++) {
            Object x1 = random.nextInt(12) == 0 ? null : random.nextGaussian() * 3 + 10;
            Object x2 = random.nextInt(15) == 0 ? null : random.nextDouble() * 100;
            Object color = random.nextInt(10) == 0 ? null : COLORS.get(random.nextInt(COLORS.size()));
            Object flag = random.nextInt(9) == 0 ? null : random.nextBoolean();
            Object seen = random.nextInt(11) == 0
                    ? null
                    : Long.toString((long) (FIRST_SECOND + random.nextDouble() * 30 * 86_400));
            rows.add(new Object[] {x1, x2, color, flag, seen});
        }
        return rows;
    }

    /** Extra rows to score: an unseen category, every cell missing, extreme numbers. */
    static List<Object[]> edgeRows() {
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {11.0, 50.0, "orange", true, "1700100000"});
        rows.add(new Object[] {null, null, null, null, null});
        rows.add(new Object[] {-40.0, 1e4, "violet", false, "1600000000"});
        return rows;
    }

    /** A regression target, or a class index with {@code classes} classes, from a noisy function of the row. */
    static double target(Object[] row, Task task, int classes, Random random) {
        double x1 = row[0] == null ? 10 : (Double) row[0];
        double x2 = row[1] == null ? 50 : (Double) row[1];
        double color = row[2] == null ? 0 : switch ((String) row[2]) {
            case "red" -> 2;
            case "green" -> -1;
            default -> 0.5;
        };
        double flag = Boolean.TRUE.equals(row[3]) ? 1.5 : 0;
        double score = 0.6 * (x1 - 10) + 0.04 * (x2 - 50) + color + flag + random.nextGaussian() * 0.5;
        return switch (task) {
            case REGRESSION -> score;
            case CLASSIFICATION -> classes == 2
                    ? (score > 0.8 ? 1 : 0)
                    : Math.min(classes - 1, Math.max(0, Math.floor((score + 2) / 2)));
        };
    }

    static PreprocessingOptions options(String json) {
        try {
            return PreprocessingOptions.fromJson(new ObjectMapper().readTree(json));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Trains the algorithm on the fixture and returns the artifact bytes. */
    static byte[] train(
            String algorithm, Task task, int classes, Map<String, String> parameters, PreprocessingOptions options) {
        List<Object[]> rows = rows(200, 7);
        Random noise = new Random(11);
        double[] targets = new double[rows.size()];
        for (int row = 0; row < rows.size(); row++) {
            targets[row] = target(rows.get(row), task, classes, noise);
        }
        List<String> labels = task == Task.REGRESSION
                ? List.of()
                : List.of("alpha", "beta", "gamma", "delta").subList(0, classes);
        FittedPipeline pipeline = FittedPipeline.fit(INPUTS, rows, options);
        TrainingData data = new TrainingData(task, pipeline.transform(rows), targets, labels);
        Algorithm chosen = Algorithms.installed().require(algorithm);
        Map<String, String> resolved = chosen.resolveParameters(parameters);
        FittedModel model = chosen.fit(data, resolved, new TrainingContext(3, ProgressListener.NONE, () -> false));
        ModelManifest manifest = new ModelManifest(
                ModelArtifacts.FORMAT_VERSION,
                algorithm,
                resolved,
                INPUTS,
                new OutputSchema("y", task, labels),
                Map.of(),
                pipeline.description(),
                new Provenance("ds", "00".repeat(32), 3, "test", "job", Instant.EPOCH));
        return ModelArtifacts.write(manifest, pipeline, model);
    }

    /** What ONNX Runtime answers for the rows: output name to value ({@code String[]}, {@code double[][]}, ...). */
    static Map<String, Object> runOnnx(byte[] onnx, List<Object[]> rows) throws OrtException {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        long[] shape = {rows.size(), 1};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try (OrtSession session = environment.createSession(onnx, new OrtSession.SessionOptions())) {
            for (int column = 0; column < INPUTS.size(); column++) {
                Column input = INPUTS.get(column);
                if (input.type() == ColumnType.CATEGORICAL || input.type() == ColumnType.TEXT) {
                    String[] values = new String[rows.size()];
                    for (int row = 0; row < values.length; row++) {
                        Object cell = rows.get(row)[column];
                        values[row] = cell == null ? "" : (String) cell;
                    }
                    inputs.put(input.name(), OnnxTensor.createTensor(environment, values, shape));
                }
                else {
                    double[] values = new double[rows.size()];
                    for (int row = 0; row < values.length; row++) {
                        values[row] = number(rows.get(row)[column]);
                    }
                    inputs.put(input.name(), OnnxTensor.createTensor(environment, DoubleBuffer.wrap(values), shape));
                }
            }
            Map<String, Object> outputs = new HashMap<>();
            try (OrtSession.Result result = session.run(inputs)) {
                for (Map.Entry<String, ai.onnxruntime.OnnxValue> entry : result) {
                    outputs.put(entry.getKey(), entry.getValue().getValue());
                }
            }
            return outputs;
        }
        finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** A Marquee cell as the graph's DOUBLE input: NaN when missing, 1/0 for booleans, epoch seconds for text. */
    private static double number(Object cell) {
        return switch (cell) {
            case null -> Double.NaN;
            case Double number -> number;
            case Boolean bool -> bool ? 1 : 0;
            case String text -> Double.parseDouble(text);
            default -> throw new IllegalArgumentException("unexpected cell " + cell);
        };
    }
}
