package dev.marquee.training;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.Column;
import dev.marquee.core.ColumnType;
import dev.marquee.core.DatasetProfile;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.Schema;
import dev.marquee.recommend.InteractionFormat;
import dev.marquee.recommend.InteractionReader;
import dev.marquee.recommend.Interactions;
import dev.marquee.store.InteractionSummary;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Interaction datasets: uploads in any {@link InteractionFormat} are parsed with {@link InteractionReader} and stored
 * in one canonical form, a TSV with the header {@code user, item[, rating][, timestamp]} and one line per distinct
 * (user, item) pair, so that every version reads the same way and an append is a merge of two parsed sets. Ids may
 * hold any character but tab, carriage return and line feed. Stateless.
 */
public final class InteractionDatasets {
    private InteractionDatasets() {}

    /** A parsed, canonical interaction dataset version. */
    public record Parsed(Interactions interactions, byte[] canonical, InteractionSummary summary) {
        public Parsed {
            requireNonNull(interactions, "interactions is null");
            requireNonNull(canonical, "canonical is null");
            requireNonNull(summary, "summary is null");
        }
    }

    /**
     * Parses a format by its API name, e.g. {@code csv}, {@code tsv}, {@code movielens_100k} (alias {@code u.data}),
     * {@code movielens_1m} (alias {@code ratings.dat}), {@code filmtrust}; anything else is INVALID_ARGUMENT naming
     * the field.
     */
    public static InteractionFormat format(String field, String name) {
        String normalised = name.strip().toLowerCase(Locale.ROOT);
        return switch (normalised) {
            case "csv" -> InteractionFormat.CSV;
            case "tsv" -> InteractionFormat.TSV;
            case "movielens_100k", "u.data", "udata" -> InteractionFormat.MOVIELENS_100K;
            case "movielens_1m", "ratings.dat" -> InteractionFormat.MOVIELENS_1M;
            case "filmtrust" -> InteractionFormat.FILMTRUST;
            default -> throw MarqueeException.invalid(
                    "'%s' must be one of %s, was '%s'", field, formatNames(), name);
        };
    }

    /** The API names of the formats. */
    public static List<String> formatNames() {
        return Arrays.stream(InteractionFormat.values()).map(InteractionDatasets::formatName).toList();
    }

    public static String formatName(InteractionFormat format) {
        return format.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses an upload; a bad line is INVALID_ARGUMENT naming its 1-based line number. At least one interaction is
     * required.
     */
    public static Parsed parse(byte[] upload, InteractionFormat format) {
        Interactions interactions = read(upload, format);
        if (interactions.size() == 0) {
            throw MarqueeException.invalid("the interaction file holds no interactions");
        }
        long events = countEvents(upload, format);
        return canonical(interactions, formatName(format), Math.max(0, events - interactions.size()));
    }

    /** Reads a stored canonical version. */
    public static Interactions readCanonical(byte[] canonical) {
        return read(canonical, InteractionFormat.TSV);
    }

    /**
     * The next version after appending an upload to a stored canonical version: the events of both, the appended ones
     * last, so that a repeated pair keeps the appended event unless the stored one has a later timestamp. The upload
     * must carry the same optional columns (rating, timestamp) as the dataset.
     *
     * @throws MarqueeException INVALID_ARGUMENT for a bad line (naming it), an empty upload or other columns
     */
    public static Parsed append(byte[] storedCanonical, InteractionSummary stored, byte[] upload,
            InteractionFormat format) {
        Interactions existing = readCanonical(storedCanonical);
        Interactions added = read(upload, format);
        if (added.size() == 0) {
            throw MarqueeException.invalid("the appended file holds no interactions");
        }
        if (added.hasRatings() != existing.hasRatings() || added.hasTimestamps() != existing.hasTimestamps()) {
            throw MarqueeException.invalid(
                    "the appended interactions have columns %s but the dataset has %s; append rows with the same"
                            + " columns", columns(added), columns(existing));
        }
        Interactions.Builder builder = Interactions.builder(existing.hasRatings(), existing.hasTimestamps());
        addAll(builder, existing);
        addAll(builder, added);
        Interactions merged = builder.build();
        long duplicates = (long) existing.size() + added.size() - merged.size()
                + Math.max(0, countEvents(upload, format) - added.size());
        return canonical(merged, stored.sourceFormat(), duplicates);
    }

    /** The dataset profile of an interaction set: the canonical columns, the interaction count as rows. */
    public static DatasetProfile profile(Interactions interactions) {
        List<Column> columns = new ArrayList<>();
        columns.add(new Column("user", ColumnType.CATEGORICAL));
        columns.add(new Column("item", ColumnType.CATEGORICAL));
        if (interactions.hasRatings()) {
            columns.add(new Column("rating", ColumnType.NUMERIC));
        }
        if (interactions.hasTimestamps()) {
            columns.add(new Column("timestamp", ColumnType.NUMERIC));
        }
        return new DatasetProfile(new Schema(columns), interactions.size(), List.of());
    }

    private static Parsed canonical(Interactions interactions, String sourceFormat, long duplicates) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer out = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
            out.write(String.join("\t", columns(interactions)));
            out.write('\n');
            StringBuilder line = new StringBuilder();
            for (int user = 0; user < interactions.userCount(); user++) {
                String userId = checkedId(interactions.userId(user), "user");
                for (int position = interactions.start(user); position < interactions.end(user); position++) {
                    line.setLength(0);
                    line.append(userId).append('\t').append(checkedId(interactions.itemId(interactions.itemAt(position)),
                            "item"));
                    if (interactions.hasRatings()) {
                        line.append('\t').append(interactions.ratingAt(position));
                    }
                    if (interactions.hasTimestamps()) {
                        line.append('\t').append(interactions.timestampAt(position));
                    }
                    line.append('\n');
                    out.append(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        InteractionSummary summary = new InteractionSummary(sourceFormat, interactions.userCount(),
                interactions.itemCount(), interactions.size(), duplicates, interactions.hasRatings(),
                interactions.hasTimestamps());
        return new Parsed(interactions, bytes.toByteArray(), summary);
    }

    private static String checkedId(String id, String kind) {
        for (int index = 0; index < id.length(); index++) {
            char character = id.charAt(index);
            if (character == '\t' || character == '\n' || character == '\r') {
                throw MarqueeException.invalid("%s id '%s' contains a tab or line break", kind, id.strip());
            }
        }
        return id;
    }

    private static List<String> columns(Interactions interactions) {
        List<String> columns = new ArrayList<>(List.of("user", "item"));
        if (interactions.hasRatings()) {
            columns.add("rating");
        }
        if (interactions.hasTimestamps()) {
            columns.add("timestamp");
        }
        return columns;
    }

    private static void addAll(Interactions.Builder builder, Interactions interactions) {
        for (int user = 0; user < interactions.userCount(); user++) {
            for (int position = interactions.start(user); position < interactions.end(user); position++) {
                builder.add(interactions.userId(user), interactions.itemId(interactions.itemAt(position)),
                        interactions.hasRatings() ? interactions.ratingAt(position) : 0,
                        interactions.hasTimestamps() ? interactions.timestampAt(position) : 0);
            }
        }
    }

    private static Interactions read(byte[] bytes, InteractionFormat format) {
        requireNonNull(bytes, "bytes is null");
        requireNonNull(format, "format is null");
        try {
            return InteractionReader.read(
                    new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8), format);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Non-blank data lines of an upload (header excluded), i.e. the events it gave before duplicates merged. */
    private static long countEvents(byte[] upload, InteractionFormat format) {
        long lines = 0;
        boolean blank = true;
        for (byte value : upload) {
            if (value == '\n') {
                lines += blank ? 0 : 1;
                blank = true;
            } else if (value != ' ' && value != '\t' && value != '\r') {
                blank = false;
            }
        }
        lines += blank ? 0 : 1;
        boolean header = switch (format) {
            case CSV, TSV -> true;
            case MOVIELENS_100K, MOVIELENS_1M, FILMTRUST -> false;
        };
        return header ? lines - 1 : lines;
    }
}
