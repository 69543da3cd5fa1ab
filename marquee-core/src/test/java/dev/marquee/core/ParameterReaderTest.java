package dev.marquee.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterReaderTest {
    @Test
    void fillsInDefaultsAndNormalisesGivenValues() {
        ParameterReader reader = new ParameterReader("algo", Map.of("l2", "1e-2"));

        assertThat(reader.real("l2", 0, value -> value >= 0, "be >= 0")).isEqualTo(0.01);
        assertThat(reader.integer("max_iterations", 100, value -> value > 0, "be > 0")).isEqualTo(100);
        assertThat(reader.finish()).isEqualTo(Map.of("l2", "0.01", "max_iterations", "100"));
    }

    @Test
    void rejectsUnknownNamesListingTheKnownOnes() {
        ParameterReader reader = new ParameterReader("algo", Map.of("l2", "1", "lambda", "2"));
        reader.real("l2", 0, value -> value >= 0, "be >= 0");

        assertThatThrownBy(reader::finish)
                .isInstanceOf(MarqueeException.class)
                .hasMessage("unknown parameter 'lambda' for algo; known parameters are [l2]");
    }

    @Test
    void rejectsValuesOutOfRangeOrNotNumbers() {
        assertThatThrownBy(() -> new ParameterReader("algo", Map.of("l2", "-1"))
                        .real("l2", 0, value -> value >= 0, "be >= 0"))
                .hasMessage("parameter 'l2' of algo must be >= 0, was -1.0");
        assertThatThrownBy(() -> new ParameterReader("algo", Map.of("l2", "NaN")).real("l2", 0, value -> true, "x"))
                .hasMessage("parameter 'l2' of algo is not a finite number: 'NaN'");
        assertThatThrownBy(() -> new ParameterReader("algo", Map.of("n", "1.5")).integer("n", 1, value -> true, "x"))
                .hasMessage("parameter 'n' of algo is not an integer: '1.5'");
    }
}
