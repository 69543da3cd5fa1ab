package dev.marquee.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marquee.core.MarqueeException;
import org.junit.jupiter.api.Test;

class InteractionsTest {
    @Test
    void storesEachUsersItemsSortedWithOriginalIds() {
        Interactions interactions = Interactions.builder(false, false)
                .add("u1", "z").add("u1", "y").add("u2", "x").add("u1", "x").add("u1", "y")
                .build();

        assertThat(interactions.userCount()).isEqualTo(2);
        assertThat(interactions.itemCount()).isEqualTo(3);
        assertThat(interactions.size()).isEqualTo(4);
        // Indexes in order of first appearance: z 0, y 1, x 2.
        assertThat(interactions.itemsOf(0)).containsExactly(0, 1, 2);
        assertThat(interactions.itemsOf(1)).containsExactly(2);
        assertThat(interactions.itemId(0)).isEqualTo("z");
        assertThat(interactions.contains(0, 2)).isTrue();
        assertThat(interactions.contains(1, 0)).isFalse();
        assertThat(interactions.itemCounts()).containsExactly(1, 1, 2);
        assertThat(interactions.start(1)).isEqualTo(3);
        assertThat(interactions.end(1)).isEqualTo(4);
    }

    @Test
    void itemsOfReturnsACopy() {
        Interactions interactions = Interactions.builder(false, false).add("u", "a").add("u", "b").build();

        interactions.itemsOf(0)[0] = 1;

        assertThat(interactions.itemsOf(0)).containsExactly(0, 1);
    }

    @Test
    void rejectsEmptyIdsAndInvalidRatings() {
        Interactions.Builder builder = Interactions.builder(true, false);

        assertThatThrownBy(() -> builder.add("", "a", 1, 0)).isInstanceOf(MarqueeException.class)
                .hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> builder.add("u", "a", -0.5, 0)).isInstanceOf(MarqueeException.class)
                .hasMessageContaining("non-negative");
        assertThatThrownBy(() -> builder.add("u", "a", Double.POSITIVE_INFINITY, 0))
                .isInstanceOf(MarqueeException.class);
    }

    @Test
    void setsFromDifferentSourcesCannotBeCombined() {
        Interactions first = Interactions.builder(false, false).add("u", "a").build();
        Interactions second = Interactions.builder(false, false).add("u", "a").build();

        assertThatThrownBy(() -> first.union(second)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("id spaces");
        assertThatThrownBy(() -> new Split(first, second, first)).isInstanceOf(IllegalArgumentException.class);
    }
}
