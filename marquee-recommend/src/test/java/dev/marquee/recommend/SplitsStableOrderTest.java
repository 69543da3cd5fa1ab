package dev.marquee.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitsStableOrderTest {
    @Test
    void ordersByKeyThenIndexWithNarrowAndWideKeyRanges() {
        SplittableRandom random = new SplittableRandom(9);
        for (long range : new long[] {1, 10, 1_000_000_000L, Long.MAX_VALUE / 2}) {
            long[] keys = random.longs(500, 0, range).map(key -> key - range / 3).toArray();
            int[] expected = IntStream.range(0, keys.length).boxed()
                    .sorted(Comparator.<Integer>comparingLong(index -> keys[index]).thenComparing(index -> index))
                    .mapToInt(Integer::intValue).toArray();
            assertThat(Splits.stableOrder(keys)).containsExactly(expected);
        }
        assertThat(Splits.stableOrder(new long[0])).isEmpty();
    }
}
