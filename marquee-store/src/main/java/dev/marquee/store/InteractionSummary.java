package dev.marquee.store;

import static java.util.Objects.requireNonNull;

/**
 * What an interaction dataset version holds.
 *
 * @param sourceFormat the format of the upload that created the first version, e.g. {@code movielens_100k}
 * @param users distinct users
 * @param items distinct items
 * @param interactions distinct (user, item) pairs; a pair given several times is kept once (latest timestamp wins)
 * @param duplicates events of the upload (or append) that repeated a pair already present and were merged
 * @param ratings whether every interaction has a rating
 * @param timestamps whether every interaction has a timestamp (needed by the time-ordered evaluation protocols)
 */
public record InteractionSummary(
        String sourceFormat,
        long users,
        long items,
        long interactions,
        long duplicates,
        boolean ratings,
        boolean timestamps) {
    public InteractionSummary {
        requireNonNull(sourceFormat, "sourceFormat is null");
    }
}
