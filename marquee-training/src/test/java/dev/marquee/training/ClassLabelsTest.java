package dev.marquee.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassLabelsTest {
    @Test
    void sortsNumbersNumericallyAndTextAlphabetically() {
        assertThat(ClassLabels.sorted(List.of("10", "2", "-1", "2", "1.5"))).containsExactly("-1", "1.5", "2", "10");
        assertThat(ClassLabels.sorted(List.of("yes", "no", "10"))).containsExactly("10", "no", "yes");
    }
}
