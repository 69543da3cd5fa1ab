package dev.marquee.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    @Test
    void readsFlagsInAnyCase() {
        ParameterReader reader = new ParameterReader("algo", Map.of("shuffle", " FALSE ", "verbose", "True"));

        assertThat(reader.flag("shuffle", true)).isFalse();
        assertThat(reader.flag("verbose", false)).isTrue();
        assertThat(reader.flag("warm_start", false)).isFalse();
        assertThat(reader.finish()).isEqualTo(Map.of("shuffle", "false", "verbose", "true", "warm_start", "false"));
    }

    @Test
    void rejectsFlagsOtherThanTrueOrFalse() {
        assertThatThrownBy(() -> new ParameterReader("algo", Map.of("shuffle", "yes")).flag("shuffle", true))
                .isInstanceOf(MarqueeException.class)
                .hasMessage("parameter 'shuffle' of algo must be true or false, was 'yes'");
    }

    @Test
    void readsChoicesInAnyCaseAsTheAllowedValue() {
        ParameterReader reader = new ParameterReader("algo", Map.of("kernel", " Poly "));

        assertThat(reader.choice("kernel", "rbf", List.of("rbf", "poly"))).isEqualTo("poly");
        assertThat(reader.choice("loss", "hinge", List.of("hinge", "log"))).isEqualTo("hinge");
        assertThat(reader.finish()).isEqualTo(Map.of("kernel", "poly", "loss", "hinge"));
    }

    @Test
    void rejectsChoicesOutsideTheAllowedListingThem() {
        assertThatThrownBy(() -> new ParameterReader("algo", Map.of("kernel", "sigmoid"))
                        .choice("kernel", "rbf", List.of("rbf", "poly")))
                .isInstanceOf(MarqueeException.class)
                .hasMessage("parameter 'kernel' of algo must be one of [rbf, poly], was 'sigmoid'");
    }

    @Test
    void readsEnumChoicesByLowerCaseNameInAnyCase() {
        ParameterReader reader = new ParameterReader("algo", Map.of("unit", " Days "));

        assertThat(reader.choice("unit", Unit.SECONDS)).isEqualTo(Unit.DAYS);
        assertThat(reader.choice("fallback_unit", Unit.LONG_SECONDS)).isEqualTo(Unit.LONG_SECONDS);
        assertThat(reader.finish()).isEqualTo(Map.of("unit", "days", "fallback_unit", "long_seconds"));
        assertThatThrownBy(() -> new ParameterReader("algo", Map.of("unit", "weeks")).choice("unit", Unit.DAYS))
                .hasMessage("parameter 'unit' of algo must be one of [seconds, long_seconds, days], was 'weeks'");
    }

    @Test
    void readsTextThatPassesTheCheckStripped() {
        ParameterReader reader = new ParameterReader("algo", Map.of("column", " price "));

        assertThat(reader.text("column", "target", text -> !text.isEmpty(), "not be empty")).isEqualTo("price");
        assertThat(reader.text("weights", "none", text -> !text.isEmpty(), "not be empty")).isEqualTo("none");
        assertThat(reader.finish()).isEqualTo(Map.of("column", "price", "weights", "none"));
        assertThatThrownBy(() -> new ParameterReader("algo", Map.of("column", "  "))
                        .text("column", "target", text -> !text.isEmpty(), "not be empty"))
                .hasMessage("parameter 'column' of algo must not be empty, was '  '");
    }

    @Test
    void recordsParsedValuesInTheirFormattedForm() {
        ParameterReader reader = new ParameterReader("algo", Map.of("timeout", " pt90s "));

        assertThat(reader.parsed(
                        "timeout", Duration.ZERO, ParameterReaderTest::duration, Duration::toString, "be a duration"))
                .isEqualTo(Duration.ofSeconds(90));
        assertThat(reader.parsed(
                        "delay", Duration.ofHours(24), ParameterReaderTest::duration, Duration::toString, "be one"))
                .isEqualTo(Duration.ofHours(24));
        assertThat(reader.finish()).isEqualTo(Map.of("timeout", "PT1M30S", "delay", "PT24H"));
    }

    @Test
    void rejectsTextTheParserRefusesWithTheRequirement() {
        ParameterReader reader = new ParameterReader("algo", Map.of("timeout", "soon"));

        assertThatThrownBy(() -> reader.parsed(
                        "timeout", Duration.ZERO, ParameterReaderTest::duration, Duration::toString, "be a duration"))
                .isInstanceOf(MarqueeException.class)
                .hasMessage("parameter 'timeout' of algo must be a duration, was 'soon'");
    }

    @Test
    void rejectsUnknownNamesAmongEveryKindOfParameter() {
        ParameterReader reader = new ParameterReader("algo", Map.of("kernel", "rbf", "bootstrap", "true", "C", "1"));
        reader.choice("kernel", "rbf", List.of("rbf"));
        reader.flag("bootstrap", true);
        reader.text("gamma", "scale", text -> true, "be anything");

        assertThatThrownBy(reader::finish)
                .hasMessage("unknown parameter 'C' for algo; known parameters are [bootstrap, gamma, kernel]");
    }

    @Test
    void readsAndResolvesWithOneDeclaration() {
        Map<String, String> given = Map.of("shuffle", "TRUE");

        assertThat(ParameterReader.read("algo", given, ParameterReaderTest::declare)).isEqualTo(Unit.DAYS);
        assertThat(ParameterReader.resolve("algo", given, ParameterReaderTest::declare))
                .isEqualTo(Map.of("shuffle", "true", "unit", "days"));
        assertThatThrownBy(() -> ParameterReader.read("algo", Map.of("units", "days"), ParameterReaderTest::declare))
                .hasMessage("unknown parameter 'units' for algo; known parameters are [shuffle, unit]");
        assertThatThrownBy(() -> ParameterReader.resolve("algo", Map.of("units", "days"), ParameterReaderTest::declare))
                .hasMessage("unknown parameter 'units' for algo; known parameters are [shuffle, unit]");
    }

    private static Unit declare(ParameterReader reader) {
        reader.flag("shuffle", false);
        return reader.choice("unit", Unit.DAYS);
    }

    private enum Unit {
        SECONDS,
        LONG_SECONDS,
        DAYS
    }

    private static Optional<Duration> duration(String text) {
        try {
            return Optional.of(Duration.parse(text));
        }
        catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
