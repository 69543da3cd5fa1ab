package dev.marquee.recommend;

import dev.marquee.core.MarqueeException;

/**
 * The range explicit ratings are given in, both ends inclusive (for example 1 to 5 stars for MovieLens, 0.5 to 4 for
 * FilmTrust). Readers reject ratings outside it; rating models clip their predictions to it.
 *
 * @param minimum the lowest rating, finite and non-negative
 * @param maximum the highest rating, finite and above {@code minimum}
 */
public record RatingScale(double minimum, double maximum) {
    public RatingScale {
        if (!(minimum >= 0) || Double.isInfinite(minimum)) {
            throw MarqueeException.invalid("rating scale minimum must be a finite non-negative number: %s", minimum);
        }
        if (!(maximum > minimum) || Double.isInfinite(maximum)) {
            throw MarqueeException.invalid("rating scale maximum must be finite and above the minimum %s: %s",
                    minimum, maximum);
        }
    }

    /**
     * The lowest to the highest rating of {@code interactions}; INVALID_ARGUMENT when they have no ratings, a rating
     * that is not a number or negative, or a single rating value (no scale can be inferred).
     */
    public static RatingScale spanning(Interactions interactions) {
        if (!interactions.hasRatings()) {
            throw MarqueeException.invalid("the interactions have no ratings, so they have no rating scale");
        }
        double lowest = Double.POSITIVE_INFINITY;
        double highest = Double.NEGATIVE_INFINITY;
        for (int position = 0; position < interactions.size(); position++) {
            float rating = interactions.ratingAt(position);
            if (!Float.isFinite(rating)) {
                throw MarqueeException.invalid("the interactions hold a rating that is not a number: %s", rating);
            }
            lowest = Math.min(lowest, rating);
            highest = Math.max(highest, rating);
        }
        if (!(highest > lowest)) {
            throw MarqueeException.invalid(
                    "every rating is %s, so no rating scale can be inferred; give one ('rating_scale' "
                            + "{\"min\", \"max\"} in a training job)",
                    lowest);
        }
        if (lowest < 0) {
            throw MarqueeException.invalid("ratings must not be negative, found %s", lowest);
        }
        return new RatingScale(lowest, highest);
    }

    /** Whether the rating lies in the scale; false for NaN. */
    public boolean contains(double rating) {
        return rating >= minimum && rating <= maximum;
    }

    /** The nearest rating in the scale. */
    public double clip(double rating) {
        return Math.min(maximum, Math.max(minimum, rating));
    }

    @Override
    public String toString() {
        return "[" + minimum + ", " + maximum + "]";
    }
}
