package dev.marquee.classic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marquee.core.Column;
import dev.marquee.core.ColumnType;
import dev.marquee.core.FittedModel;
import dev.marquee.core.FittedPipeline;
import dev.marquee.core.Json;
import dev.marquee.core.OutputSchema;
import dev.marquee.core.Task;
import dev.marquee.core.TrainingData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/** Generated data sets and artifact helpers for the SVM tests. */
final class SvmFixtures {
    static final List<Column> POINT_INPUTS =
            List.of(new Column("x1", ColumnType.NUMERIC), new Column("x2", ColumnType.NUMERIC));
    static final List<String> BINARY = List.of("no", "yes");
    static final List<String> THREE = List.of("north", "east", "south-west");

    private SvmFixtures() {}

    /** Class 1 where x1 + x2 > 0.5, class 0 where x1 + x2 < -0.5; rows in between are not drawn. */
    static TrainingData separable(int rows, long seed) {
        Random random = new Random(seed);
        double[][] features = new double[rows][];
        double[] targets = new double[rows];
        for (int row = 0; row < rows; row++) {
            double x1;
            double x2;
            do {
                x1 = random.nextGaussian();
                x2 = random.nextGaussian();
            }
            while (Math.abs(x1 + x2) < 0.5);
            features[row] = new double[] {x1, x2};
            targets[row] = x1 + x2 > 0 ? 1 : 0;
        }
        return new TrainingData(Task.CLASSIFICATION, features, targets, BINARY);
    }

    /** Class 1 inside the circle of radius 1.1 around the origin, class 0 outside; x uniform on [-2, 2]². */
    static TrainingData circle(int rows, long seed) {
        Random random = new Random(seed);
        double[][] features = new double[rows][];
        double[] targets = new double[rows];
        for (int row = 0; row < rows; row++) {
            double x1 = 4 * random.nextDouble() - 2;
            double x2 = 4 * random.nextDouble() - 2;
            features[row] = new double[] {x1, x2};
            targets[row] = x1 * x1 + x2 * x2 < 1.21 ? 1 : 0;
        }
        return new TrainingData(Task.CLASSIFICATION, features, targets, BINARY);
    }

    /** Three unit-variance clusters around (0, 3), (3, 0) and (-3, -3). */
    static TrainingData clusters(int rows, long seed) {
        double[][] centres = {{0, 3}, {3, 0}, {-3, -3}};
        Random random = new Random(seed);
        double[][] features = new double[rows][];
        double[] targets = new double[rows];
        for (int row = 0; row < rows; row++) {
            int label = row % 3;
            features[row] = new double[] {
                centres[label][0] + random.nextGaussian(), centres[label][1] + random.nextGaussian()
            };
            targets[row] = label;
        }
        return new TrainingData(Task.CLASSIFICATION, features, targets, THREE);
    }

    /** y = 2·x1 - x2 + 1 + N(0, 0.05²) with standard normal x. */
    static TrainingData line(int rows, long seed) {
        Random random = new Random(seed);
        double[][] features = new double[rows][];
        double[] targets = new double[rows];
        for (int row = 0; row < rows; row++) {
            double x1 = random.nextGaussian();
            double x2 = random.nextGaussian();
            features[row] = new double[] {x1, x2};
            targets[row] = 2 * x1 - x2 + 1 + 0.05 * random.nextGaussian();
        }
        return new TrainingData(Task.REGRESSION, features, targets, List.of());
    }

    /** y = sin(2x) + N(0, 0.05²) with x uniform on [-1.5, 1.5]. */
    static TrainingData sine(int rows, long seed) {
        Random random = new Random(seed);
        double[][] features = new double[rows][];
        double[] targets = new double[rows];
        for (int row = 0; row < rows; row++) {
            double x = 3 * random.nextDouble() - 1.5;
            features[row] = new double[] {x};
            targets[row] = Math.sin(2 * x) + 0.05 * random.nextGaussian();
        }
        return new TrainingData(Task.REGRESSION, features, targets, List.of());
    }

    static double accuracy(FittedModel model, TrainingData data) {
        double[] output = new double[model.outputCount()];
        int correct = 0;
        for (int row = 0; row < data.rowCount(); row++) {
            model.predict(data.features()[row], output);
            correct += argmax(output) == data.targets()[row] ? 1 : 0;
        }
        return (double) correct / data.rowCount();
    }

    /** The first index of the largest value, as the metrics pick the predicted class. */
    static int argmax(double[] values) {
        int best = 0;
        for (int index = 1; index < values.length; index++) {
            if (values[index] > values[best]) {
                best = index;
            }
        }
        return best;
    }

    static List<Object[]> rows(double[][] features) {
        List<Object[]> rows = new ArrayList<>();
        for (double[] row : features) {
            Object[] cells = new Object[row.length];
            for (int index = 0; index < row.length; index++) {
                cells[index] = row[index];
            }
            rows.add(cells);
        }
        return rows;
    }

    static OutputSchema output(TrainingData data) {
        return new OutputSchema("y", data.task(), data.classes());
    }

    /** Artifact bytes whose model JSON has been changed by {@code corruption}. */
    static byte[] corrupted(byte[] artifact, Consumer<ObjectNode> corruption) {
        ObjectMapper mapper = Json.newObjectMapper();
        try {
            ObjectNode root = (ObjectNode) mapper.readTree(artifact);
            corruption.accept((ObjectNode) root.get("model"));
            return mapper.writeValueAsBytes(root);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drops the last element of the array at {@code field} (or of its first row, for a matrix). */
    static void dropLast(ObjectNode model, String field) {
        ArrayNode array = (ArrayNode) model.get(field);
        ArrayNode target = array.get(0).isArray() ? (ArrayNode) array.get(0) : array;
        target.remove(target.size() - 1);
    }

    static FittedPipeline pipeline(TrainingData data) {
        return FittedPipeline.fit(POINT_INPUTS.subList(0, data.featureCount()), rows(data.features()));
    }
}
