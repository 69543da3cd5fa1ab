package dev.marquee.recommend;

/**
 * A recommendation algorithm with its hyper-parameters. Implementations are immutable values; {@link #fit} does not
 * change them and may be called from several threads.
 */
public interface Recommender {
    /** A short name for reports, with the hyper-parameters that matter (for example {@code EASE(lambda=250)}). */
    String name();

    /** Trains on the interactions (binary relevance: every interaction is a positive). */
    RecommenderModel fit(Interactions training);
}
