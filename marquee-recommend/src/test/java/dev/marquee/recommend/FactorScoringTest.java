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

    /** Sizes below, at and above the fused paths (four and eight vectors of 4, 8 or 16 lanes), and odd ones. */
    @ParameterizedTest
    @ValueSource(ints = {1, 5, 16, 32, 64, 67, 128})
    void conjugateGradientKernelsMatchTheirDefinitions(int size) {
        SplittableRandom random = new SplittableRandom(size);
        int rowCount = 40;
        float[] rows = randomValues(rowCount * size, random);
        int[] columns = {3, 0, 17, 39, 3, 22, 8};
        float[] vector = randomValues(size, random);
        float[] target = randomValues(size, random);
        double[] expected = new double[size];
        for (int index = 0; index < size; index++) {
            expected[index] = target[index];
        }
        // target += (bias + scale * (row · vector)) * row over the listed rows 1 .. 5 (the first and last are not)
        for (int position = 1; position < 6; position++) {
            int offset = columns[position] * size;
            double dot = 0;
            for (int index = 0; index < size; index++) {
                dot += (double) rows[offset + index] * vector[index];
            }
            double coefficient = 1.5 - 0.25 * dot;
            for (int index = 0; index < size; index++) {
                expected[index] += coefficient * rows[offset + index];
            }
        }
        FactorScoring.addWeightedRows(rows, columns, 1, 6, size, vector, 1.5f, -0.25f, target);
        for (int index = 0; index < size; index++) {
            assertThat((double) target[index]).isCloseTo(expected[index], within(1e-3 * size));
        }

        // A symmetric matrix times a vector, plus a diagonal; and an outer product added to a matrix.
        float[] matrix = new float[size * size];
        for (int row = 0; row < size; row++) {
            for (int column = 0; column <= row; column++) {
                float value = (float) random.nextGaussian();
                matrix[row * size + column] = value;
                matrix[column * size + row] = value;
            }
        }
        float[] product = new float[size];
        FactorScoring.multiplySymmetric(matrix, vector, 0.75f, product, size);
        for (int row = 0; row < size; row++) {
            double sum = 0.75 * vector[row];
            for (int column = 0; column < size; column++) {
                sum += (double) matrix[row * size + column] * vector[column];
            }
            assertThat((double) product[row]).isCloseTo(sum, within(1e-4 * size));
        }
        float[] before = matrix.clone();
        FactorScoring.addOuterProduct(matrix, rows, 2 * size, size);
        for (int row = 0; row < size; row++) {
            for (int column = 0; column < size; column++) {
                double outer = (double) rows[2 * size + row] * rows[2 * size + column];
                assertThat((double) matrix[row * size + column]).isCloseTo(before[row * size + column] + outer,
                        within(1e-5));
            }
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
