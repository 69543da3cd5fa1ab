package dev.marquee.recommend;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads interaction files into {@link Interactions}. Blank lines are skipped; any other line that does not have the
 * format's fields, a rating that is not a finite non-negative number, or a timestamp that is not an integer is an
 * {@link dev.marquee.core.ErrorCode#INVALID_ARGUMENT} naming the 1-based line number. Duplicate (user, item) events
 * are kept once, as {@link Interactions} documents. Quoting is not supported: fields are split on the separator.
 *
 * <p>With a declared {@link RatingScale}, a rating outside it is an {@code INVALID_ARGUMENT} naming the line and the
 * value, and a layout without a rating column is refused.
 */
public final class InteractionReader {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern DOUBLE_COLON = Pattern.compile("::");
    private static final Pattern COMMA = Pattern.compile(",");
    private static final Pattern TAB = Pattern.compile("\t");

    private InteractionReader() {}

    public static Interactions read(Path path, InteractionFormat format) {
        return readScaled(path, format, null);
    }

    /** Reads explicit ratings, refusing any outside {@code scale}. */
    public static Interactions read(Path path, InteractionFormat format, RatingScale scale) {
        return readScaled(path, format, requireNonNull(scale, "scale is null"));
    }

    public static Interactions read(Reader reader, InteractionFormat format) throws IOException {
        return readScaled(reader, format, null);
    }

    /** Reads explicit ratings, refusing any outside {@code scale}. */
    public static Interactions read(Reader reader, InteractionFormat format, RatingScale scale) throws IOException {
        return readScaled(reader, format, requireNonNull(scale, "scale is null"));
    }

    /** {@code scale} is null when none is declared (here and below). */
    private static Interactions readScaled(Path path, InteractionFormat format, RatingScale scale) {
        requireNonNull(path, "path is null");
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return readScaled(reader, format, scale);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private static Interactions readScaled(Reader reader, InteractionFormat format, RatingScale scale)
            throws IOException {
        requireNonNull(reader, "reader is null");
        requireNonNull(format, "format is null");
        BufferedReader lines = reader instanceof BufferedReader buffered ? buffered : new BufferedReader(reader);
        return switch (format) {
            case CSV -> readWithHeader(lines, COMMA, scale);
            case TSV -> readWithHeader(lines, TAB, scale);
            case MOVIELENS_100K -> readFixed(lines, TAB, 4, scale);
            case MOVIELENS_1M -> readFixed(lines, DOUBLE_COLON, 4, scale);
            case FILMTRUST -> readFixed(lines, WHITESPACE, 3, scale);
        };
    }

    private static Interactions readFixed(BufferedReader lines, Pattern separator, int fieldCount,
            RatingScale scale) throws IOException {
        Columns columns = new Columns(0, 1, 2, fieldCount == 4 ? 3 : -1, fieldCount);
        return readRows(lines, separator, columns, 0, scale);
    }

    private static Interactions readWithHeader(BufferedReader lines, Pattern separator, RatingScale scale)
            throws IOException {
        int lineNumber = 0;
        String header;
        do {
            header = lines.readLine();
            lineNumber++;
            if (header == null) {
                throw MarqueeException.invalid("the interaction file is empty: a header user,item[,rating][,timestamp]"
                        + " is required");
            }
        } while (header.isBlank());
        List<String> names = List.of(separator.split(stripBom(header).strip(), -1));
        int user = -1;
        int item = -1;
        int rating = -1;
        int timestamp = -1;
        for (int column = 0; column < names.size(); column++) {
            String name = names.get(column).strip().toLowerCase(Locale.ROOT);
            int previous = switch (name) {
                case "user" -> { int old = user; user = column; yield old; }
                case "item" -> { int old = item; item = column; yield old; }
                case "rating" -> { int old = rating; rating = column; yield old; }
                case "timestamp" -> { int old = timestamp; timestamp = column; yield old; }
                default -> throw MarqueeException.invalid(
                        "line %d: unknown column '%s'; expected user,item[,rating][,timestamp]", lineNumber, name);
            };
            if (previous >= 0) {
                throw MarqueeException.invalid("line %d: column '%s' appears twice", lineNumber, name);
            }
        }
        if (user < 0 || item < 0) {
            throw MarqueeException.invalid("line %d: the header must name the columns user and item", lineNumber);
        }
        if (rating < 0 && scale != null) {
            throw MarqueeException.invalid(
                    "line %d: a rating scale %s is declared, but the header has no rating column", lineNumber, scale);
        }
        return readRows(lines, separator, new Columns(user, item, rating, timestamp, names.size()), lineNumber,
                scale);
    }

    private static Interactions readRows(BufferedReader lines, Pattern separator, Columns columns, int lineNumber,
            RatingScale scale) throws IOException {
        Interactions.Builder builder = Interactions.builder(columns.rating >= 0, columns.timestamp >= 0);
        String line;
        while ((line = lines.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            String[] fields = separator.split(line.strip(), -1);
            if (fields.length != columns.count) {
                throw MarqueeException.invalid("line %d: expected %d fields, found %d", lineNumber, columns.count,
                        fields.length);
            }
            String user = fields[columns.user].strip();
            String item = fields[columns.item].strip();
            if (user.isEmpty() || item.isEmpty()) {
                throw MarqueeException.invalid("line %d: user and item must not be empty", lineNumber);
            }
            double rating = columns.rating >= 0 ? rating(fields[columns.rating].strip(), lineNumber) : Double.NaN;
            if (scale != null && !scale.contains(rating)) {
                throw MarqueeException.invalid("line %d: rating '%s' is outside the rating scale %s", lineNumber,
                        fields[columns.rating].strip(), scale);
            }
            long timestamp = columns.timestamp >= 0 ? timestamp(fields[columns.timestamp].strip(), lineNumber) : 0;
            builder.add(user, item, rating, timestamp);
        }
        return builder.build();
    }

    private static double rating(String text, int lineNumber) {
        double rating;
        try {
            rating = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw MarqueeException.invalid("line %d: rating is not a number: '%s'", lineNumber, text);
        }
        if (!Double.isFinite(rating) || rating < 0) {
            throw MarqueeException.invalid("line %d: rating must be a finite non-negative number: '%s'", lineNumber,
                    text);
        }
        return rating;
    }

    private static long timestamp(String text, int lineNumber) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw MarqueeException.invalid("line %d: timestamp is not an integer (epoch seconds): '%s'", lineNumber,
                    text);
        }
    }

    private static String stripBom(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    private record Columns(int user, int item, int rating, int timestamp, int count) {}
}
