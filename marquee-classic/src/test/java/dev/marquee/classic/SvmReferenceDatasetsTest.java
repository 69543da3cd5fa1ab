package dev.marquee.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marquee.core.Algorithm;
import dev.marquee.core.FittedModel;
import dev.marquee.core.Metrics;
import dev.marquee.core.Task;
import dev.marquee.core.TrainingData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Accuracy on scikit-learn's bundled data sets with the shared fixed split, against scikit-learn 1.2.1 with
 * StandardScaler ({@code SVC()}: digits 0.9750, breast_cancer 0.9825), and R² on diabetes against {@code SVR} and
 * {@code LinearSVR}. Too slow for every build: runs with {@code -Dmarquee.reference.data=/work/shared/data/sklearn}
 * and skips when the files are absent.
 */
@EnabledIfSystemProperty(named = "marquee.reference.data", matches = ".+")
class SvmReferenceDatasetsTest {
    private static final Path DIRECTORY = Path.of(System.getProperty("marquee.reference.data", "."));

    @Test
    void kernelSvmMatchesScikitLearnAccuracyOnDigits() throws IOException {
        assertThat(accuracy("digits", new KernelSvm(), Map.of())).isGreaterThanOrEqualTo(0.97);
    }

    @Test
    void kernelSvmMatchesScikitLearnAccuracyOnBreastCancer() throws IOException {
        assertThat(accuracy("breast_cancer", new KernelSvm(), Map.of())).isGreaterThanOrEqualTo(0.98);
    }

    @Test
    void linearSvmIsAccurateOnBothDataSets() throws IOException {
        assertThat(accuracy("digits", new LinearSvm(), Map.of())).isGreaterThan(0.9);
        assertThat(accuracy("breast_cancer", new LinearSvm(), Map.of())).isGreaterThan(0.9);
    }

    @Test
    void otherKernelsAndTheHingeLossMatchScikitLearn() throws IOException {
        // SVC(kernel=...) and LinearSVC(loss="hinge") accuracies from scikit-learn 1.2.1 on the same split.
        assertThat(accuracy("breast_cancer", new KernelSvm(), Map.of("kernel", "poly")))
                .isCloseTo(0.9123, within(0.01));
        assertThat(accuracy("breast_cancer", new KernelSvm(), Map.of("kernel", "linear")))
                .isCloseTo(0.9737, within(0.01));
        assertThat(accuracy("digits", new KernelSvm(), Map.of("kernel", "poly"))).isCloseTo(0.9722, within(0.01));
        assertThat(accuracy("digits", new KernelSvm(), Map.of("kernel", "linear"))).isCloseTo(0.975, within(0.01));
        assertThat(accuracy("breast_cancer", new LinearSvm(), Map.of("loss", "hinge"))).isCloseTo(0.9737, within(0.01));
        assertThat(accuracy("digits", new LinearSvm(), Map.of("loss", "hinge"))).isCloseTo(0.9472, within(0.01));
    }

    @Test
    void regressionMatchesScikitLearnOnDiabetes() throws IOException {
        // R² of SVR(...) and LinearSVR(...) from scikit-learn 1.2.1 on the same split.
        assertThat(score("diabetes", new KernelSvm(), Map.of())).isCloseTo(0.1822, within(0.01));
        assertThat(score("diabetes", new KernelSvm(), Map.of("c", "100"))).isCloseTo(0.5078, within(0.01));
        assertThat(score("diabetes", new KernelSvm(), Map.of("kernel", "linear", "c", "10")))
                .isCloseTo(0.4299, within(0.01));
        assertThat(score("diabetes", new LinearSvm(), Map.of())).isCloseTo(0.2734, within(0.01));
        assertThat(score("diabetes", new LinearSvm(), Map.of("c", "10", "max_iterations", "10000")))
                .isCloseTo(0.4369, within(0.01));
    }

    private static double accuracy(String dataset, Algorithm algorithm, Map<String, String> parameters)
            throws IOException {
        return score(dataset, algorithm, parameters);
    }

    /** Accuracy for classification, R² for diabetes (regression). */
    private static double score(String dataset, Algorithm algorithm, Map<String, String> parameters)
            throws IOException {
        Path csv = DIRECTORY.resolve(dataset + ".csv");
        Path splits = DIRECTORY.resolve("splits.json");
        assumeTrue(Files.exists(csv) && Files.exists(splits), "reference data absent");
        List<String> lines = Files.readAllLines(csv);
        double[][] rows = lines.stream().skip(1)
                .map(line -> Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray())
                .toArray(double[][]::new);
        JsonNode test = new ObjectMapper().readTree(splits.toFile()).get("datasets").get(dataset).get("test");
        Set<Integer> testRows = new HashSet<>();
        test.forEach(node -> testRows.add(node.asInt()));
        int columns = rows[0].length - 1;
        List<double[]> trainFeatures = new ArrayList<>();
        List<Double> trainTargets = new ArrayList<>();
        List<double[]> testFeatures = new ArrayList<>();
        List<Double> testTargets = new ArrayList<>();
        for (int row = 0; row < rows.length; row++) {
            double[] features = Arrays.copyOf(rows[row], columns);
            if (testRows.contains(row)) {
                testFeatures.add(features);
                testTargets.add(rows[row][columns]);
            }
            else {
                trainFeatures.add(features);
                trainTargets.add(rows[row][columns]);
            }
        }
        standardise(trainFeatures, testFeatures, columns);
        boolean regression = dataset.equals("diabetes");
        int classes = regression
                ? 1
                : (int) trainTargets.stream().mapToDouble(Double::doubleValue).max().orElseThrow() + 1;
        List<String> labels =
                regression ? List.of() : IntStream.range(0, classes).mapToObj(Integer::toString).toList();
        TrainingData data = new TrainingData(
                regression ? Task.REGRESSION : Task.CLASSIFICATION,
                trainFeatures.toArray(double[][]::new),
                trainTargets.stream().mapToDouble(Double::doubleValue).toArray(),
                labels);
        long start = System.nanoTime();
        FittedModel model = algorithm.fit(data, parameters, Fixtures.QUIET);
        long fitMillis = (System.nanoTime() - start) / 1_000_000;
        double[][] probabilities = new double[testFeatures.size()][classes];
        for (int row = 0; row < probabilities.length; row++) {
            model.predict(testFeatures.get(row), probabilities[row]);
        }
        double accuracy = regression
                ? Metrics.regression(
                                testTargets.stream().mapToDouble(Double::doubleValue).toArray(),
                                Arrays.stream(probabilities).mapToDouble(output -> output[0]).toArray())
                        .get("r2")
                : Metrics.classification(
                                testTargets.stream().mapToInt(Double::intValue).toArray(), probabilities)
                        .get("accuracy");
        System.out.printf(
                "%s %s on %s: %s %.4f, fit %d ms%s%n",
                algorithm.name(),
                parameters,
                dataset,
                regression ? "r2" : "accuracy",
                accuracy,
                fitMillis,
                model instanceof KernelSvmModel kernel
                        ? ", support vectors per class " + Arrays.toString(kernel.supportCounts())
                        : "");
        return accuracy;
    }

    /** As scikit-learn's StandardScaler: train-split mean and population standard deviation, 1 where that is 0. */
    private static void standardise(List<double[]> train, List<double[]> test, int columns) {
        for (int column = 0; column < columns; column++) {
            double mean = 0;
            for (double[] row : train) {
                mean += row[column] / train.size();
            }
            double variance = 0;
            for (double[] row : train) {
                variance += (row[column] - mean) * (row[column] - mean) / train.size();
            }
            double scale = variance > 0 ? Math.sqrt(variance) : 1;
            for (List<double[]> rows : List.of(train, test)) {
                for (double[] row : rows) {
                    row[column] = (row[column] - mean) / scale;
                }
            }
        }
    }
}
