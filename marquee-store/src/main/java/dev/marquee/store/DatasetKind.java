package dev.marquee.store;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.marquee.core.MarqueeException;
import java.util.Arrays;
import java.util.Locale;

/** What a dataset holds, which decides what it can train. */
public enum DatasetKind {
    /** A CSV table with a header: rows of columns, for supervised training. */
    TABLE,
    /** User-item interactions, stored as canonical TSV ({@code user, item[, rating][, timestamp]}), for recommenders. */
    INTERACTIONS,
    /** A CSV table describing items (one row per item), stored as uploaded and carried into recommender artifacts. */
    CATALOGUE;

    /** The lower-case name used in the API and the database, e.g. {@code interactions}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static DatasetKind fromWireName(String text) {
        return parse("kind", text);
    }

    /** Parses a {@link #wireName()}; anything else is INVALID_ARGUMENT naming {@code field}. */
    public static DatasetKind parse(String field, String text) {
        for (DatasetKind kind : values()) {
            if (kind.wireName().equals(text)) {
                return kind;
            }
        }
        throw MarqueeException.invalid("'%s' must be one of %s, was '%s'",
                field, Arrays.stream(values()).map(DatasetKind::wireName).toList(), text);
    }
}
