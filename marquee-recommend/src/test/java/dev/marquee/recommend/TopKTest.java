package dev.marquee.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopKTest {
    @ParameterizedTest
    @CsvSource({"1, 1", "1, 50", "5, 50", "10, 1000", "50, 60", "200, 100"})
    void matchesFullSortWithTiesToLowerIndex(int k, int items) {
        SplittableRandom random = new SplittableRandom(k * 31L + items);
        for (int round = 0; round < 20; round++) {
            float[] scores = new float[items];
            for (int item = 0; item < items; item++) {
                // Few distinct values, so ties are common.
                scores[item] = random.nextInt(7) - 3;
            }
            int[] excluded = IntStream.range(0, items).filter(item -> random.nextInt(4) == 0).toArray();
            int[] expected = IntStream.range(0, items)
                    .filter(item -> Arrays.binarySearch(excluded, item) < 0)
                    .boxed()
                    .sorted(Comparator.<Integer>comparingDouble(item -> -scores[item]).thenComparing(item -> item))
                    .limit(k)
                    .mapToInt(Integer::intValue)
                    .toArray();

            assertThat(TopK.select(scores, k, excluded)).containsExactly(expected);
        }
    }

    @Test
    void skipsNaNScores() {
        assertThat(TopK.select(new float[] {Float.NaN, 1, Float.NaN, 2}, 3, new int[0])).containsExactly(3, 1);
    }

    @Test
    void rejectsNonPositiveK() {
        assertThatThrownBy(() -> TopK.select(new float[3], 0, new int[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
