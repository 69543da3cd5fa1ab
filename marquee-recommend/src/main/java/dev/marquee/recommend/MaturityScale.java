package dev.marquee.recommend;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;

/**
 * An ordered scale of maturity ratings, least restrictive first: a rating's rank is its position on the scale, and a
 * "maximum maturity" filter admits the items whose rank is at most the filter's. Ratings are compared exactly (case
 * matters). Numeric age scales work the same way, for example {@code ["0", "6", "12", "16", "18"]}.
 *
 * @param ratings the distinct, non-blank ratings, least restrictive first; at least one
 */
public record MaturityScale(List<String> ratings) {
    public MaturityScale {
        requireNonNull(ratings, "ratings is null");
        ratings = List.copyOf(ratings);
        if (ratings.isEmpty()) {
            throw MarqueeException.invalid("a maturity scale needs at least one rating");
        }
        HashSet<String> seen = new HashSet<>();
        for (String rating : ratings) {
            if (rating.isBlank()) {
                throw MarqueeException.invalid("maturity ratings must not be blank: %s", ratings);
            }
            if (!seen.add(rating)) {
                throw MarqueeException.invalid("maturity rating '%s' appears twice on the scale %s", rating, ratings);
            }
        }
    }

    /** The US film scale: {@code G < PG < PG-13 < R < NC-17}. */
    public static MaturityScale motionPicture() {
        return new MaturityScale(List.of("G", "PG", "PG-13", "R", "NC-17"));
    }

    /** The rank of a rating (0 for the least restrictive), or empty when the rating is not on the scale. */
    public OptionalInt rank(String rating) {
        requireNonNull(rating, "rating is null");
        int rank = ratings.indexOf(rating);
        return rank < 0 ? OptionalInt.empty() : OptionalInt.of(rank);
    }
}
