package dev.marquee.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AlgorithmsTest {
    @Test
    void findsAlgorithmsRegisteredAsServices() {
        assertThat(Algorithms.installed().names()).contains("test_mean", "test_prior");
        assertThat(Algorithms.installed().find("test_mean")).containsInstanceOf(MeanAlgorithm.class);
    }

    @Test
    void rejectsAnUnknownNameListingTheKnownOnes() {
        Algorithms algorithms = new Algorithms(List.of(new MeanAlgorithm(), new PriorAlgorithm()));

        assertThatThrownBy(() -> algorithms.require("svm"))
                .isInstanceOfSatisfying(MarqueeException.class,
                        exception -> assertThat(exception.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("unknown algorithm 'svm'; known algorithms are [test_mean, test_prior]");
    }

    @Test
    void rejectsTwoAlgorithmsWithOneName() {
        assertThatThrownBy(() -> new Algorithms(List.of(new MeanAlgorithm(), new MeanAlgorithm())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two algorithms are named 'test_mean'");
    }
}
