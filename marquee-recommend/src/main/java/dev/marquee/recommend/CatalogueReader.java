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
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a {@link Catalogue} from CSV. The first non-blank line is a header naming the columns, in any order:
 * {@code id} (required), {@code title}, {@code genres}, {@code release_date}, {@code maturity} and
 * {@code availability} (each optional). Every later non-blank line is one item:
 *
 * <ul>
 *   <li>fields are separated by commas; a field may be enclosed in double quotes (then it may hold commas, and
 *       {@code ""} stands for one quote); a quoted field cannot span lines;
 *   <li>{@code genres}: separated by {@code |}, for example {@code Action|Crime}; empty for none;
 *   <li>{@code release_date}: ISO {@code yyyy-MM-dd}; empty when unknown;
 *   <li>{@code maturity}: a rating on the catalogue's {@link MaturityScale}; empty for unrated;
 *   <li>{@code availability}: windows separated by {@code ;}, each {@code REGION:FROM..UNTIL} with ISO dates, FROM
 *       inclusive and UNTIL exclusive, UNTIL empty for a window that never ends, REGION {@code *} for every region, for
 *       example {@code US:2024-01-01..2025-01-01;GB:2024-06-01..}; empty for an item available nowhere.
 * </ul>
 *
 * <p>Any malformed line, bad date or window, rating off the scale or repeated id is an
 * {@link dev.marquee.core.ErrorCode#INVALID_ARGUMENT} naming the 1-based line number.
 */
public final class CatalogueReader {
    private static final List<String> COLUMNS =
            List.of("id", "title", "genres", "release_date", "maturity", "availability");

    private CatalogueReader() {}

    public static Catalogue read(Path path, MaturityScale maturityScale) {
        requireNonNull(path, "path is null");
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return read(reader, maturityScale);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    public static Catalogue read(Reader reader, MaturityScale maturityScale) throws IOException {
        requireNonNull(reader, "reader is null");
        requireNonNull(maturityScale, "maturityScale is null");
        BufferedReader lines = reader instanceof BufferedReader buffered ? buffered : new BufferedReader(reader);
        int lineNumber = 0;
        String header;
        do {
            header = lines.readLine();
            lineNumber++;
            if (header == null) {
                throw MarqueeException.invalid("the catalogue file is empty: a header naming the columns %s is"
                        + " required (id is mandatory)", COLUMNS);
            }
        } while (header.isBlank());
        if (header.startsWith("\uFEFF")) {
            header = header.substring(1);
        }
        List<String> names = fields(header, lineNumber);
        Map<String, Integer> columns = new HashMap<>();
        for (int column = 0; column < names.size(); column++) {
            String name = names.get(column).strip().toLowerCase(Locale.ROOT);
            if (!COLUMNS.contains(name)) {
                throw MarqueeException.invalid("line %d: unknown column '%s'; expected some of %s", lineNumber, name,
                        COLUMNS);
            }
            if (columns.putIfAbsent(name, column) != null) {
                throw MarqueeException.invalid("line %d: column '%s' appears twice", lineNumber, name);
            }
        }
        if (!columns.containsKey("id")) {
            throw MarqueeException.invalid("line %d: the header must name the column id", lineNumber);
        }
        List<CatalogueItem> items = new ArrayList<>();
        Map<String, Integer> lineOfId = new HashMap<>();
        String line;
        while ((line = lines.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            List<String> fields = fields(line, lineNumber);
            if (fields.size() != names.size()) {
                throw MarqueeException.invalid("line %d: expected %d fields, found %d", lineNumber, names.size(),
                        fields.size());
            }
            CatalogueItem item = item(fields, columns, maturityScale, lineNumber);
            Integer previous = lineOfId.putIfAbsent(item.id(), lineNumber);
            if (previous != null) {
                throw MarqueeException.invalid("line %d: item '%s' already appears on line %d", lineNumber, item.id(),
                        previous);
            }
            items.add(item);
        }
        return Catalogue.of(maturityScale, items);
    }

    private static CatalogueItem item(List<String> fields, Map<String, Integer> columns, MaturityScale scale,
            int lineNumber) {
        String id = field(fields, columns, "id");
        if (id.isEmpty()) {
            throw MarqueeException.invalid("line %d: id must not be empty", lineNumber);
        }
        LinkedHashSet<String> genres = new LinkedHashSet<>();
        for (String genre : field(fields, columns, "genres").split("\\|", -1)) {
            if (!genre.isBlank()) {
                genres.add(genre.strip());
            }
        }
        String releaseText = field(fields, columns, "release_date");
        Optional<LocalDate> releaseDate =
                releaseText.isEmpty() ? Optional.empty() : Optional.of(date(releaseText, "release_date", lineNumber));
        String maturityText = field(fields, columns, "maturity");
        if (!maturityText.isEmpty() && scale.rank(maturityText).isEmpty()) {
            throw MarqueeException.invalid("line %d: maturity '%s' is not on the scale %s", lineNumber, maturityText,
                    scale.ratings());
        }
        Optional<String> maturity = maturityText.isEmpty() ? Optional.empty() : Optional.of(maturityText);
        List<AvailabilityWindow> availability = new ArrayList<>();
        String availabilityText = field(fields, columns, "availability");
        if (!availabilityText.isEmpty()) {
            for (String window : availabilityText.split(";", -1)) {
                availability.add(window(window.strip(), lineNumber));
            }
        }
        return new CatalogueItem(id, field(fields, columns, "title"), genres, releaseDate, maturity, availability);
    }

    private static AvailabilityWindow window(String text, int lineNumber) {
        int colon = text.indexOf(':');
        int dots = text.indexOf("..");
        if (colon <= 0 || dots < colon || text.substring(0, colon).isBlank()) {
            throw MarqueeException.invalid("line %d: availability window '%s' is not REGION:FROM..UNTIL (for example"
                    + " US:2024-01-01..2025-01-01, or US:2024-01-01.. for no end)", lineNumber, text);
        }
        String region = text.substring(0, colon).strip();
        LocalDate from = date(text.substring(colon + 1, dots).strip(), "availability", lineNumber);
        String untilText = text.substring(dots + 2).strip();
        LocalDate until = untilText.isEmpty() ? LocalDate.MAX : date(untilText, "availability", lineNumber);
        if (!until.isAfter(from)) {
            throw MarqueeException.invalid("line %d: availability window '%s' must end after it starts (FROM is"
                    + " inclusive, UNTIL exclusive)", lineNumber, text);
        }
        return new AvailabilityWindow(region, from, until);
    }

    private static LocalDate date(String text, String column, int lineNumber) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw MarqueeException.invalid("line %d: %s date '%s' is not an ISO date yyyy-MM-dd", lineNumber, column,
                    text);
        }
    }

    private static String field(List<String> fields, Map<String, Integer> columns, String name) {
        Integer column = columns.get(name);
        return column == null ? "" : fields.get(column).strip();
    }

    /** Splits one CSV line; a field in double quotes may hold commas, and {@code ""} inside it is one quote. */
    static List<String> fields(String line, int lineNumber) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int index = 0;
        int length = line.length();
        while (true) {
            while (index < length && line.charAt(index) == ' ') {
                index++;
            }
            if (index < length && line.charAt(index) == '"') {
                index++;
                while (true) {
                    if (index >= length) {
                        throw MarqueeException.invalid("line %d: a quoted field is not closed", lineNumber);
                    }
                    char character = line.charAt(index++);
                    if (character != '"') {
                        field.append(character);
                    } else if (index < length && line.charAt(index) == '"') {
                        field.append('"');
                        index++;
                    } else {
                        break;
                    }
                }
                while (index < length && line.charAt(index) == ' ') {
                    index++;
                }
                if (index < length && line.charAt(index) != ',') {
                    throw MarqueeException.invalid("line %d: unexpected text after a quoted field", lineNumber);
                }
            } else {
                while (index < length && line.charAt(index) != ',') {
                    if (line.charAt(index) == '"') {
                        throw MarqueeException.invalid("line %d: a quote inside an unquoted field; quote the whole"
                                + " field and double the quote", lineNumber);
                    }
                    field.append(line.charAt(index++));
                }
            }
            fields.add(field.toString());
            field.setLength(0);
            if (index >= length) {
                return fields;
            }
            index++; // the comma
        }
    }
}
