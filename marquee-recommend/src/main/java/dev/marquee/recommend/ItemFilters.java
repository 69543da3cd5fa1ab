package dev.marquee.recommend;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which items a query may return, decided from {@link Catalogue} metadata; every condition given must hold. Filters
 * need a catalogue, and an item missing from it passes no filter. Genres are compared exactly; a genre no item has
 * matches nothing (so including only it leaves an empty answer, and excluding it changes nothing).
 *
 * @param includeGenres when not empty, an item must have at least one of these genres
 * @param excludeGenres an item must have none of these genres
 * @param availableIn when present, an item must have an availability window covering this region and date
 * @param maxMaturity when present, an item must be rated at most this (on the catalogue's scale); unrated items fail
 */
public record ItemFilters(Set<String> includeGenres, Set<String> excludeGenres, Optional<Availability> availableIn,
        Optional<String> maxMaturity) {
    private static final ItemFilters NONE = new ItemFilters(Set.of(), Set.of(), Optional.empty(), Optional.empty());

    public ItemFilters {
        includeGenres = Set.copyOf(requireNonNull(includeGenres, "includeGenres is null"));
        excludeGenres = Set.copyOf(requireNonNull(excludeGenres, "excludeGenres is null"));
        requireNonNull(availableIn, "availableIn is null");
        requireNonNull(maxMaturity, "maxMaturity is null");
    }

    /** No filter: every item passes, with or without a catalogue. */
    public static ItemFilters none() {
        return NONE;
    }

    /** Whether no condition is set. */
    public boolean isEmpty() {
        return includeGenres.isEmpty() && excludeGenres.isEmpty() && availableIn.isEmpty() && maxMaturity.isEmpty();
    }

    /** These filters, also requiring at least one of {@code genres} (added to any already included). */
    public ItemFilters includeGenres(String... genres) {
        return new ItemFilters(union(includeGenres, genres), excludeGenres, availableIn, maxMaturity);
    }

    /** These filters, also rejecting every item with one of {@code genres}. */
    public ItemFilters excludeGenres(String... genres) {
        return new ItemFilters(includeGenres, union(excludeGenres, genres), availableIn, maxMaturity);
    }

    /** These filters, requiring availability in {@code region} on {@code date}. */
    public ItemFilters availableIn(String region, LocalDate date) {
        return new ItemFilters(includeGenres, excludeGenres, Optional.of(new Availability(region, date)),
                maxMaturity);
    }

    /** These filters, requiring a maturity rating of at most {@code rating}. */
    public ItemFilters maxMaturity(String rating) {
        return new ItemFilters(includeGenres, excludeGenres, availableIn,
                Optional.of(requireNonNull(rating, "rating is null")));
    }

    private static Set<String> union(Set<String> existing, String... more) {
        Set<String> genres = new HashSet<>(existing);
        for (String genre : List.of(more)) {
            if (genre.isBlank()) {
                throw MarqueeException.invalid("filter genres must not be blank");
            }
            genres.add(genre);
        }
        return genres;
    }

    /**
     * Availability in a region on a day.
     *
     * @param region the region code, upper-cased on construction; not blank and not {@code *}
     * @param date the day
     */
    public record Availability(String region, LocalDate date) {
        public Availability {
            requireNonNull(region, "region is null");
            requireNonNull(date, "date is null");
            region = region.strip().toUpperCase(Locale.ROOT);
            if (region.isEmpty() || region.equals(AvailabilityWindow.EVERY_REGION)) {
                throw MarqueeException.invalid("filter region must be a region code: '%s'", region);
            }
        }
    }
}
