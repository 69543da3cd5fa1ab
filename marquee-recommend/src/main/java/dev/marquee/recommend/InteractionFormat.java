package dev.marquee.recommend;

/** The interaction file layouts {@link InteractionReader} understands. */
public enum InteractionFormat {
    /** Comma-separated with a header naming the columns {@code user,item[,rating][,timestamp]} (in any order). */
    CSV,
    /** Tab-separated with a header, otherwise as {@link #CSV}. */
    TSV,
    /** MovieLens 100K {@code u.data}: {@code user item rating timestamp}, tab-separated, no header. */
    MOVIELENS_100K,
    /** MovieLens 1M/10M {@code ratings.dat}: {@code user::item::rating::timestamp}, no header. */
    MOVIELENS_1M,
    /** FilmTrust {@code ratings.txt}: {@code user item rating}, separated by spaces, no header. */
    FILMTRUST
}
