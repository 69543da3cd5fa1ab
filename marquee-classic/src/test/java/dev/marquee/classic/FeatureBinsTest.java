package dev.marquee.classic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FeatureBinsTest {
    @Test
    void putsEdgesHalfwayBetweenFewDistinctValues() {
        double[][] features = {{3}, {1}, {2}, {1}, {3}};

        FeatureBins bins = FeatureBins.fit(features, 1, 255, 1);

        assertThat(bins.thresholds()[0]).containsExactly(1.5, 2.5);
        assertThat(bins.bin(0, 1)).isZero();
        assertThat(bins.bin(0, 1.5)).isZero();
        assertThat(bins.bin(0, 2)).isEqualTo(1);
        assertThat(bins.bin(0, 100)).isEqualTo(2);
        assertThat(bins.bin(0, Double.NaN)).isEqualTo(2);
    }

    @Test
    void placesAtMostMaxBinsOfSimilarSizeOnManyValues() {
        Random random = new Random(3);
        double[][] features = new double[10_000][];
        for (int row = 0; row < features.length; row++) {
            features[row] = new double[] {random.nextGaussian()};
        }

        FeatureBins bins = FeatureBins.fit(features, 1, 16, 1);

        assertThat(bins.binCount(0)).isEqualTo(16);
        int[] sizes = new int[16];
        for (byte bin : bins.binColumns(features)[0]) {
            sizes[bin & 0xFF]++;
        }
        assertThat(java.util.Arrays.stream(sizes).min().orElseThrow()).isGreaterThanOrEqualTo(600);
        assertThat(java.util.Arrays.stream(sizes).max().orElseThrow()).isLessThanOrEqualTo(650);
    }

    @Test
    void givesAHeavyValueABinOfItsOwn() {
        double[][] features = new double[1_000][];
        for (int row = 0; row < features.length; row++) {
            features[row] = new double[] {row < 600 ? 0 : row};
        }

        FeatureBins bins = FeatureBins.fit(features, 1, 4, 1);

        assertThat(bins.thresholds()[0][0]).isEqualTo(300);
        assertThat(bins.bin(0, 0)).isZero();
        assertThat(bins.bin(0, 600)).isEqualTo(1);
    }

    @Test
    void ignoresNonFiniteValuesWhenPlacingEdges() {
        double[][] features = {{Double.NEGATIVE_INFINITY}, {0}, {Double.NaN}, {1}, {Double.POSITIVE_INFINITY}};

        FeatureBins bins = FeatureBins.fit(features, 1, 255, 1);

        assertThat(bins.thresholds()[0]).containsExactly(0.5);
        assertThat(bins.binColumns(features)[0]).containsExactly(0, 0, 1, 1, 1);
    }
}
