package dev.marquee.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marquee.core.ErrorCode;
import dev.marquee.core.MarqueeException;
import java.util.Arrays;
import java.util.List;
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

    @Test
    void kFoldValidatesEveryRowExactlyOnceAndTrainsOnTheRest() {
        List<Split> folds = Split.kFold(23, 4, 5);

        assertThat(folds).hasSize(4);
        assertThat(folds.stream().flatMapToInt(fold -> Arrays.stream(fold.test())).sorted().toArray())
                .isEqualTo(IntStream.range(0, 23).toArray());
        assertThat(folds).allSatisfy(fold -> {
            assertThat(fold.test().length).isBetween(5, 6);
            assertThat(IntStream.concat(Arrays.stream(fold.train()), Arrays.stream(fold.test())).sorted().toArray())
                    .isEqualTo(IntStream.range(0, 23).toArray());
        });
        assertThat(Split.kFold(23, 4, 5).getFirst().test()).isEqualTo(folds.getFirst().test());
        assertThat(Split.kFold(23, 4, 6).getFirst().test()).isNotEqualTo(folds.getFirst().test());
    }

    @Test
    void stratifiedKFoldKeepsEachClassShareInEveryFold() {
        // 60 rows of class 0, 30 of class 1, 9 of class 2, shuffled among the rows.
        int[] labels = IntStream.range(0, 99)
                .map(row -> (row * 37) % 99 < 60 ? 0 : (row * 37) % 99 < 90 ? 1 : 2)
                .toArray();

        List<Split> folds = Split.stratifiedKFold(labels, 3, 3, 11);

        assertThat(folds.stream().flatMapToInt(fold -> Arrays.stream(fold.test())).sorted().toArray())
                .isEqualTo(IntStream.range(0, 99).toArray());
        assertThat(folds).allSatisfy(fold -> {
            assertThat(Arrays.stream(fold.test()).filter(row -> labels[row] == 0).count()).isEqualTo(20);
            assertThat(Arrays.stream(fold.test()).filter(row -> labels[row] == 1).count()).isEqualTo(10);
            assertThat(Arrays.stream(fold.test()).filter(row -> labels[row] == 2).count()).isEqualTo(3);
        });
    }

    @Test
    void rejectsFewerRowsThanFoldsAndFewerThanTwoFolds() {
        assertThatThrownBy(() -> Split.kFold(4, 5, 1))
                .isInstanceOfSatisfying(MarqueeException.class,
                        exception -> assertThat(exception.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("fewer rows (4) than folds (5); use at most 4 folds");
        assertThatThrownBy(() -> Split.stratifiedKFold(new int[] {0, 1, 0}, 2, 4, 1))
                .hasMessage("fewer rows (3) than folds (4); use at most 3 folds");
        assertThatThrownBy(() -> Split.kFold(10, 1, 1)).hasMessage("folds must be at least 2, was 1");
    }

    @Test
    void timeOrderedSplitHoldsOutTheLatestRows() {
        double[] times = {5, 1, 9, 3, 7, 2, 8, 0, 6, 4};

        Split split = Split.timeOrdered(times, 0.3);

        assertThat(split.test()).containsExactly(2, 4, 6);
        assertThat(split.train()).containsExactly(0, 1, 3, 5, 7, 8, 9);
    }

    @Test
    void mapsFoldsOfASubsetBackToItsRows() {
        Split split = new Split(new int[] {0, 2}, new int[] {1});

        Split within = split.within(new int[] {10, 20, 30});

        assertThat(within.train()).containsExactly(10, 30);
        assertThat(within.test()).containsExactly(20);
    }
}
