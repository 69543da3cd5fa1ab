package dev.marquee.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitTest {
    @Test
    void holdsOutTheShareOfRowsRoundedUpAndCoversEveryRowOnce() {
        Split split = Split.random(101, 0.2, 1);

        assertThat(split.test()).hasSize(21).isSorted();
        assertThat(split.train()).hasSize(80).isSorted();
        assertThat(IntStream.concat(Arrays.stream(split.train()), Arrays.stream(split.test())).sorted().toArray())
                .isEqualTo(IntStream.range(0, 101).toArray());
    }

    @Test
    void dependsOnlyOnTheSeed() {
        assertThat(Split.random(50, 0.3, 7).test()).isEqualTo(Split.random(50, 0.3, 7).test());
        assertThat(Split.random(50, 0.3, 7).test()).isNotEqualTo(Split.random(50, 0.3, 8).test());
    }

    @Test
    void stratifiesByClassAndKeepsEveryClassInTraining() {
        int[] labels = IntStream.range(0, 100).map(row -> row < 90 ? 0 : row < 99 ? 1 : 2).toArray();

        Split split = Split.stratified(labels, 3, 0.2, 3);

        assertThat(Arrays.stream(split.test()).map(row -> labels[row])).containsExactlyInAnyOrder(
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1);
        assertThat(Arrays.stream(split.train()).map(row -> labels[row])).contains(0, 1, 2);
    }

    @Test
    void sharesTheTestRowsAmongClassesByLargestRemainder() {
        // 569 rows at 0.2: 114 test rows, 42.47 and 71.53 by quota -> 42 and 72 (scikit-learn's breast cancer split).
        int[] labels = IntStream.range(0, 569).map(row -> row < 212 ? 0 : 1).toArray();

        Split split = Split.stratified(labels, 2, 0.2, 42);

        assertThat(Arrays.stream(split.test()).filter(row -> labels[row] == 0).count()).isEqualTo(42);
        assertThat(split.test()).hasSize(114);
    }

    @Test
    void holdsOutAtLeastOneRow() {
        Split split = Split.stratified(new int[] {0, 0, 0, 1, 1}, 2, 0.01, 1);

        assertThat(split.test()).hasSize(1);
        assertThatThrownBy(() -> Split.stratified(new int[] {0, 1}, 2, 0.5, 1))
                .hasMessage("cannot hold out a test row: every class has a single row");
    }
}
