package dev.marquee.core;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The rules for reading a text cell, shared by profiling, training and serving so they always agree. Surrounding
 * whitespace is ignored by every rule. Stateless and thread-safe.
 */
public final class CellValues {
    /** Markers read as a missing value (compared case-insensitively), besides the empty cell. */
    public static final Set<String> MISSING_MARKERS = Set.of("nan", "na", "n/a", "null");

    private static final int LONGEST_MISSING_MARKER = 4;
    private static final int ISO_DATE_LENGTH = 10;

    private CellValues() {}

    /** Whether the cell is empty, blank or one of {@link #MISSING_MARKERS}. */
    public static boolean isMissing(String cell) {
        String value = cell.strip();
        return value.isEmpty()
                || (value.length() <= LONGEST_MISSING_MARKER
                        && MISSING_MARKERS.contains(value.toLowerCase(Locale.ROOT)));
    }

    /**
     * The cell as a finite decimal number (e.g. {@code 42}, {@code -1.5e3}); empty for anything else, including
     * {@code Infinity}, hexadecimal and Java's {@code d}/{@code f} suffixes.
     */
    public static OptionalDouble number(String cell) {
        String value = cell.strip();
        if (!looksDecimal(value)) {
            return OptionalDouble.empty();
        }
        try {
            double number = Double.parseDouble(value);
            return Double.isFinite(number) ? OptionalDouble.of(number) : OptionalDouble.empty();
        }
        catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    /** The cell as a boolean when it is {@code true} or {@code false} in any letter case; empty otherwise. */
    public static Optional<Boolean> bool(String cell) {
        String value = cell.strip();
        if (value.equalsIgnoreCase("true")) {
            return Optional.of(Boolean.TRUE);
        }
        if (value.equalsIgnoreCase("false")) {
            return Optional.of(Boolean.FALSE);
        }
        return Optional.empty();
    }

    /**
     * The cell as seconds since the epoch when it is an ISO-8601 date ({@code 2024-05-01}, read as UTC midnight),
     * a local date-time ({@code 2024-05-01T10:15:30}, or with a space instead of {@code T}; read as UTC), or a
     * date-time with an offset or zone ({@code 2024-05-01T10:15:30Z}, {@code ...+02:00},
     * {@code ...+01:00[Europe/Paris]}); empty otherwise.
     */
    public static OptionalDouble epochSeconds(String cell) {
        String value = cell.strip();
        if (!looksLikeIsoDate(value)) {
            return OptionalDouble.empty();
        }
        try {
            if (value.length() == ISO_DATE_LENGTH) {
                return OptionalDouble.of(LocalDate.parse(value).toEpochDay() * 86_400.0);
            }
            if (value.charAt(ISO_DATE_LENGTH) == ' ') {
                value = value.substring(0, ISO_DATE_LENGTH) + 'T' + value.substring(ISO_DATE_LENGTH + 1);
            }
            TemporalAccessor parsed =
                    DateTimeFormatter.ISO_DATE_TIME.parseBest(value, ZonedDateTime::from, LocalDateTime::from);
            ZonedDateTime dateTime = parsed instanceof LocalDateTime local
                    ? local.atZone(ZoneOffset.UTC)
                    : (ZonedDateTime) parsed;
            return OptionalDouble.of(dateTime.toEpochSecond() + dateTime.getNano() / 1e9);
        }
        catch (DateTimeParseException e) {
            return OptionalDouble.empty();
        }
    }

    private static boolean looksDecimal(String value) {
        boolean digit = false;
        for (int index = 0; index < value.length(); index++) {
            char character = value.charAt(index);
            if (character >= '0' && character <= '9') {
                digit = true;
            }
            else if (character != '+' && character != '-' && character != '.' && character != 'e' && character != 'E') {
                return false;
            }
        }
        return digit;
    }

    private static boolean looksLikeIsoDate(String value) {
        return value.length() >= ISO_DATE_LENGTH
                && isDigits(value, 0, 4)
                && value.charAt(4) == '-'
                && isDigits(value, 5, 7)
                && value.charAt(7) == '-'
                && isDigits(value, 8, 10);
    }

    private static boolean isDigits(String value, int from, int to) {
        for (int index = from; index < to; index++) {
            if (value.charAt(index) < '0' || value.charAt(index) > '9') {
                return false;
            }
        }
        return true;
    }
}
