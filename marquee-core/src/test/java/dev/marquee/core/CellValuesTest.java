package dev.marquee.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CellValuesTest {
    @Test
    void treatsBlankAndMarkersAsMissing() {
        for (String missing : new String[] {"", "  ", "NA", "na", "N/A", "null", "NULL", "NaN", "nan"}) {
            assertThat(CellValues.isMissing(missing)).as(missing).isTrue();
        }
        for (String present : new String[] {"0", "none", "NAN1", "n"}) {
            assertThat(CellValues.isMissing(present)).as(present).isFalse();
        }
    }

    @Test
    void readsOnlyFiniteDecimalNumbers() {
        assertThat(CellValues.number(" -1.5e3 ")).hasValue(-1500);
        assertThat(CellValues.number("42")).hasValue(42);
        assertThat(CellValues.number(".5")).hasValue(0.5);
        for (String notNumber : new String[] {"Infinity", "1e999", "0x10", "1d", "2f", "1,5", "", "-", "e", "1-2"}) {
            assertThat(CellValues.number(notNumber)).as(notNumber).isEmpty();
        }
    }

    @Test
    void readsBooleansInAnyCase() {
        assertThat(CellValues.bool("TRUE")).contains(true);
        assertThat(CellValues.bool(" False")).contains(false);
        assertThat(CellValues.bool("1")).isEmpty();
        assertThat(CellValues.bool("yes")).isEmpty();
    }

    @Test
    void readsIsoDatesAndDateTimesAsEpochSeconds() {
        assertThat(CellValues.epochSeconds("1970-01-02")).hasValue(86_400);
        assertThat(CellValues.epochSeconds("1970-01-01T00:00:10")).hasValue(10);
        assertThat(CellValues.epochSeconds("1970-01-01 00:01:00")).hasValue(60);
        assertThat(CellValues.epochSeconds("1970-01-01T01:00:00+01:00")).hasValue(0);
        assertThat(CellValues.epochSeconds("1970-01-01T00:00:00.5Z")).hasValue(0.5);
        assertThat(CellValues.epochSeconds("1970-01-01T01:00:00+01:00[Europe/Paris]")).hasValue(0);
        for (String notTimestamp : new String[] {"2024-13-01", "2024-01-01T25:00", "20240101", "2024/01/01", "today"}) {
            assertThat(CellValues.epochSeconds(notTimestamp)).as(notTimestamp).isEmpty();
        }
    }
}
