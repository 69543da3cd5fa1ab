package dev.marquee.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.marquee.core.ParameterReader;
import dev.marquee.core.Task;
import dev.marquee.core.TrainingData;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Back-propagation agrees with central finite differences of the loss, for every activation and output. */
class MlpGradientTest {
    private static final double STEP = 1e-6;

    @ParameterizedTest
    @CsvSource({
        "relu, 3",
        "tanh, 2",
        "logistic, 0",
    })
    void matchesFiniteDifferences(String activation, int classes) {
        // 300 rows span two chunks of the trainer, so the accumulation across chunks is checked too.
        TrainingData data = data(300, classes, 61);
        MlpSettings settings = ParameterReader.read(
                Mlp.NAME, Map.of("hidden_layers", "4,3", "activation", activation, "l2", "0.1"), MlpSettings::read);
        int outputs = classes > 2 ? classes : 1;
        int count = (3 * 4 + 4) + (4 * 3 + 3) + (3 * outputs + outputs);
        Random random = new Random(62);
        double[] parameters = new double[count];
        for (int index = 0; index < count; index++) {
            parameters[index] = random.nextGaussian();
        }
        double[] gradients = new double[count];

        double loss = MlpTrainer.lossAndGradients(data, settings, parameters, gradients);

        assertThat(loss).isPositive();
        double[] ignored = new double[count];
        for (int index = 0; index < count; index++) {
            double original = parameters[index];
            parameters[index] = original + STEP;
            double above = MlpTrainer.lossAndGradients(data, settings, parameters, ignored);
            parameters[index] = original - STEP;
            double below = MlpTrainer.lossAndGradients(data, settings, parameters, ignored);
            parameters[index] = original;
            double numeric = (above - below) / (2 * STEP);
            assertThat(gradients[index]).as("parameter %d", index).isCloseTo(numeric, within(1e-6));
        }
    }

    /** Three standard normal features; the target depends on them non-linearly. */
    private static TrainingData data(int rows, int classes, long seed) {
        Random random = new Random(seed);
        double[][] features = new double[rows][];
        double[] targets = new double[rows];
        for (int row = 0; row < rows; row++) {
            double[] x = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
            features[row] = x;
            double signal = x[0] * x[1] + Math.sin(x[2]);
            targets[row] = classes == 0 ? signal : Math.floorMod((int) Math.floor(2 * signal), classes);
        }
        List<String> labels = classes == 0 ? List.of() : List.of("a", "b", "c").subList(0, classes);
        return new TrainingData(classes == 0 ? Task.REGRESSION : Task.CLASSIFICATION, features, targets, labels);
    }
}
