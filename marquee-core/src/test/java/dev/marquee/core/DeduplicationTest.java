package dev.marquee.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeduplicationTest {
    @Test
    void keepsTheFirstOfEveryExactDuplicateOfInputsAndTarget() {
        List<Object[]> rows = List.of(
                new Object[] {1.0, "a", null},
                new Object[] {1.0, "a", null},
                new Object[] {1.0, "a", null},
                new Object[] {2.0, "a", null},
                new Object[] {1.0, "b", null});
        double[] targets = {0, 0, 1, 0, 0};

        assertThat(Deduplication.dropExactDuplicates(rows, targets)).containsExactly(0, 2, 3, 4);
    }

    @Test
    void treatsNanTargetsAsEqual() {
        List<Object[]> rows = List.of(new Object[] {"x"}, new Object[] {"x"});

        assertThat(Deduplication.dropExactDuplicates(rows, new double[] {Double.NaN, Double.NaN})).containsExactly(0);
    }

    @Test
    void rejectsMismatchedLengths() {
        assertThatThrownBy(() -> Deduplication.dropExactDuplicates(List.<Object[]>of(new Object[] {1.0}), new double[2]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("1 rows but 2 targets");
    }
}
