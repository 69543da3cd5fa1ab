package dev.marquee.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marquee.core.MarqueeException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SyntheticInteractionsTest {
    @Test
    void replaysForASeedWithTheRequestedShape() {
        Interactions first = SyntheticInteractions.generate(2_000, 1_000, 60_000, 7);
        Interactions second = SyntheticInteractions.generate(2_000, 1_000, 60_000, 7);
        assertThat(first.userCount()).isEqualTo(2_000);
        assertThat(first.itemCount()).isEqualTo(1_000);
        assertThat(first.size()).isBetween(54_000, 66_000);
        assertThat(first.itemArray()).isEqualTo(second.itemArray());
        assertThat(first.offsetArray()).isEqualTo(second.offsetArray());
        for (int user = 0; user < first.userCount(); user++) {
            assertThat(first.count(user)).isBetween(1, 250);
            int[] items = first.itemsOf(user);
            for (int index = 1; index < items.length; index++) {
                assertThat(items[index]).isGreaterThan(items[index - 1]);
            }
        }
    }

    @Test
    void popularityHasALongTail() {
        Interactions interactions = SyntheticInteractions.generate(5_000, 2_000, 150_000, 8);
        int[] counts = interactions.itemCounts();
        Arrays.sort(counts);
        long total = Arrays.stream(counts).asLongStream().sum();
        long topTenPercent = Arrays.stream(counts, counts.length - 200, counts.length).asLongStream().sum();
        assertThat(topTenPercent / (double) total).isGreaterThan(0.3);
        assertThat(counts[counts.length / 2]).isLessThan(counts[counts.length - 1] / 10);
    }

    @Test
    void rejectsImpossibleShapes() {
        assertThatThrownBy(() -> SyntheticInteractions.generate(10, 1_000, 5, 1)).isInstanceOf(MarqueeException.class);
        assertThatThrownBy(() -> SyntheticInteractions.generate(10, 10, 50, 1)).isInstanceOf(MarqueeException.class);
    }
}
