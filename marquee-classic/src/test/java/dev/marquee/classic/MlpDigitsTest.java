package dev.marquee.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/**
 * Compares {@code mlp} with its reference on scikit-learn's digits data, on the shared fixed split, when that data is
 * present (it is not part of the repository): scikit-learn 1.2.1's {@code MLPClassifier} with default parameters
 * scores 0.9833 on it. Features are standardised with the training rows' mean and population standard deviation, as
 * scikit-learn's {@code StandardScaler}. The fit takes seconds, too long for every build on a shared machine, so it
 * runs only when asked: {@code -Dmarquee.referenceChecks=true}.
 */
class MlpDigitsTest {
    private static final Path DATA = Path.of("/work/shared/data/sklearn");
    private static final double SCIKIT_LEARN_ACCURACY = 0.9833;

    @Test
    void matchesScikitLearnAccuracyOnDigits() throws IOException {
        // JUnit's assumptions rather than AssertJ's, which generate proxy classes and cost a second when skipping.
        assumeTrue(Boolean.getBoolean("marquee.referenceChecks"), "run with -Dmarquee.referenceChecks=true");
        assumeTrue(Files.isReadable(DATA.resolve("digits.csv")) && Files.isReadable(DATA.resolve("splits.json")));
        List<String> lines = Files.readAllLines(DATA.resolve("digits.csv"));
        JsonNode split = new ObjectMapper().readTree(DATA.resolve("splits.json").toFile()).at("/datasets/digits/test");
        Set<Integer> testRows = new HashSet<>();
        split.forEach(row -> testRows.add(row.intValue()));
        List<double[]> trainingFeatures = new ArrayList<>();
        List<double[]> testFeatures = new ArrayList<>();
        List<Double> trainingTargets = new ArrayList<>();
        List<Double> testTargets = new ArrayList<>();
        for (int row = 0; row < lines.size() - 1; row++) {
            double[] values = Arrays.stream(lines.get(row + 1).split(","))
                    .mapToDouble(Double::parseDouble)
                    .toArray();
            double[] features = Arrays.copyOf(values, values.length - 1);
            boolean test = testRows.contains(row);
            (test ? testFeatures : trainingFeatures).add(features);
            (test ? testTargets : trainingTargets).add(values[values.length - 1]);
        }
        double[][] training = trainingFeatures.toArray(double[][]::new);
        double[][] test = testFeatures.toArray(double[][]::new);
        standardise(training, test);
        List<String> classes = IntStream.range(0, 10).mapToObj(String::valueOf).toList();
        TrainingData data = new TrainingData(
                Task.CLASSIFICATION,
                training,
                trainingTargets.stream().mapToDouble(Double::doubleValue).toArray(),
                classes);

        long start = System.nanoTime();
        MlpModel model = (MlpModel) new Mlp().fit(data, Map.of(), Fixtures.QUIET);
        double seconds = (System.nanoTime() - start) / 1e9;

        double[][] probabilities = new double[test.length][10];
        for (int row = 0; row < test.length; row++) {
            model.predict(test[row], probabilities[row]);
        }
        int[] labels = testTargets.stream().mapToInt(Double::intValue).toArray();
        double accuracy = Metrics.classification(labels, probabilities).get("accuracy");
        System.out.printf(
                "mlp on digits: accuracy %.4f (scikit-learn %.4f), %d epochs, fit %.2f s%n",
                accuracy,
                SCIKIT_LEARN_ACCURACY,
                model.lossCurve().size(),
                seconds);
        assertThat(testRows).hasSize(360);
        assertThat(accuracy).isGreaterThan(SCIKIT_LEARN_ACCURACY - 0.02);
    }

    private static void standardise(double[][] training, double[][] test) {
        for (int column = 0; column < training[0].length; column++) {
            double mean = 0;
            for (double[] row : training) {
                mean += row[column];
            }
            mean /= training.length;
            double variance = 0;
            for (double[] row : training) {
                variance += (row[column] - mean) * (row[column] - mean);
            }
            double deviation = Math.sqrt(variance / training.length);
            // StandardScaler leaves constant columns unscaled.
            double scale = deviation == 0 ? 1 : deviation;
            for (double[][] rows : new double[][][] {training, test}) {
                for (double[] row : rows) {
                    row[column] = (row[column] - mean) / scale;
                }
            }
        }
    }
}
