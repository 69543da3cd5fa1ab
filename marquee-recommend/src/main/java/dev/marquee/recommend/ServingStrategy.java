package dev.marquee.recommend;

/** How a {@link Recommendations} answer was computed. */
public enum ServingStrategy {
    /** The model's scores for a training user, from the training history. */
    MODEL,
    /** The model's scores for a history sent in the request (a new user, or a known user's recent interactions). */
    FOLD_IN,
    /** Popularity, for a request with no known user and no usable history. */
    POPULARITY_FALLBACK
}
