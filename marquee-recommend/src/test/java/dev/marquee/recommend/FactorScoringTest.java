package dev.marquee.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FactorScoringTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8, 16, 17, 64, 100})
    void vectorScoresMatchThePlainLoop(int factors) {
        SplittableRandom random = new SplittableRandom(factors);
        float[] items = randomValues(101 * factors, random);
        float[] query = randomValues(factors + 5, random);
        float[] vector = new float[101];
        float[] plain = new float[101];
        FactorScoring.scoreAll(query, 5, items, factors, vector);
        FactorScoring.scoreAllPlain(query, 5, items, factors, plain);
        for (int item = 0; item < plain.length; item++) {
            assertThat(vector[item]).isCloseTo(plain[item], within(1e-4f * factors));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 16, 64, 67})
    void solverKernelsMatchTheirDefinitions(int size) {
        SplittableRandom random = new SplittableRandom(size);
        float[] rows = randomValues(size + 3, random);
        float[] vector = randomValues(size, random);
        float[] target = randomValues(size, random);
        double expectedDot = 0;
        double[] expectedTarget = new double[size];
        for (int index = 0; index < size; index++) {
            expectedDot += rows[3 + index] * vector[index];
            expectedTarget[index] = target[index] + 0.5 * rows[3 + index];
        }
        assertThat((double) FactorScoring.dot(rows, 3, vector, 0, size)).isCloseTo(expectedDot, within(1e-4 * size));
        FactorScoring.addScaled(target, 0.5f, rows, 3, size);
        for (int index = 0; index < size; index++) {
            assertThat((double) target[index]).isCloseTo(expectedTarget[index], within(1e-5));
        }
    }

    static float[] randomValues(int length, SplittableRandom random) {
        float[] values = new float[length];
        for (int index = 0; index < length; index++) {
            values[index] = (float) random.nextGaussian();
        }
        return values;
    }
}
