package dev.marquee.classic;

import dev.marquee.core.Task;
import dev.marquee.core.TrainingData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Generated and stored data sets for the tree tests. */
final class TreeFixtures {
    static final List<String> BINARY = List.of("no", "yes");
    static final Path SKLEARN_DATA = Path.of("/work/shared/data/sklearn");

    private TreeFixtures() {}

    /** Uniform points in [-1, 1]² plus a noise feature; "yes" in the first and third quadrant: no line separates it. */
    static TrainingData xor(int rows, long seed) {
        Random random = new Random(seed);
        double[][] features = new double[rows][];
        double[] targets = new double[rows];
        for (int row = 0; row < rows; row++) {
            double x = 2 * random.nextDouble() - 1;
            double y = 2 * random.nextDouble() - 1;
            features[row] = new double[] {x, y, random.nextGaussian()};
            targets[row] = (x > 0) == (y > 0) ? 1 : 0;
        }
        return new TrainingData(Task.CLASSIFICATION, features, targets, BINARY);
    }

    /** y = 1 below x0 = 0.3, 5 above, plus a noise feature. */
    static TrainingData step(int rows, long seed) {
        Random random = new Random(seed);
        double[][] features = new double[rows][];
        double[] targets = new double[rows];
        for (int row = 0; row < rows; row++) {
            double x = random.nextDouble();
            features[row] = new double[] {x, random.nextDouble()};
            targets[row] = x < 0.3 ? 1 : 5;
        }
        return new TrainingData(Task.REGRESSION, features, targets, List.of());
    }

    /** Three classes from noisy thresholds on four features, and a regression target with interactions. */
    static TrainingData mixed(Task task, int rows, long seed) {
        Random random = new Random(seed);
        double[][] features = new double[rows][];
        double[] targets = new double[rows];
        for (int row = 0; row < rows; row++) {
            double[] x = {random.nextGaussian(), random.nextGaussian(), random.nextInt(4), random.nextDouble()};
            features[row] = x;
            double score = x[0] + (x[2] >= 2 ? x[1] : -x[1]) + 0.3 * random.nextGaussian();
            targets[row] = switch (task) {
                case CLASSIFICATION -> score < -0.5 ? 0 : score < 0.8 ? 1 : 2;
                case REGRESSION -> score + x[3] * x[0];
            };
        }
        List<String> classes = task == Task.CLASSIFICATION ? List.of("low", "middle", "high") : List.of();
        return new TrainingData(task, features, targets, classes);
    }

    /** A CSV of scikit-learn's bundled data sets, features then the class index, if the shared copy is present. */
    static Optional<TrainingData> sklearnClassification(String file, int classCount) {
        Path path = SKLEARN_DATA.resolve(file);
        if (!Files.isReadable(path)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(path);
            List<double[]> features = new ArrayList<>();
            List<Double> targets = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",");
                double[] values = new double[cells.length - 1];
                for (int cell = 0; cell < values.length; cell++) {
                    values[cell] = Double.parseDouble(cells[cell]);
                }
                features.add(values);
                targets.add(Double.parseDouble(cells[cells.length - 1]));
            }
            List<String> classes = new ArrayList<>();
            for (int label = 0; label < classCount; label++) {
                classes.add("class" + label);
            }
            return Optional.of(new TrainingData(
                    Task.CLASSIFICATION,
                    features.toArray(double[][]::new),
                    targets.stream().mapToDouble(Double::doubleValue).toArray(),
                    classes));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double accuracy(dev.marquee.core.FittedModel model, TrainingData data) {
        double[] output = new double[model.outputCount()];
        int correct = 0;
        for (int row = 0; row < data.rowCount(); row++) {
            model.predict(data.features()[row], output);
            int best = 0;
            for (int label = 1; label < output.length; label++) {
                if (output[label] > output[best]) {
                    best = label;
                }
            }
            if (best == data.targets()[row]) {
                correct++;
            }
        }
        return (double) correct / data.rowCount();
    }

    /** Checks base + Σ contributions equals every output of the model on every row. */
    static double largestLocalAccuracyError(dev.marquee.core.ExplainableModel model, double[][] features) {
        double[] output = new double[model.outputCount()];
        double[][] contributions = new double[model.outputCount()][model.featureCount() + 1];
        double largest = 0;
        for (double[] row : features) {
            model.predict(row, output);
            model.contributions(row, contributions);
            for (int index = 0; index < output.length; index++) {
                double sum = 0;
                for (double contribution : contributions[index]) {
                    sum += contribution;
                }
                largest = Math.max(largest, Math.abs(sum - output[index]));
            }
        }
        return largest;
    }
}
