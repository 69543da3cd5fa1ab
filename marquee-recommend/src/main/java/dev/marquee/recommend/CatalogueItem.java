package dev.marquee.recommend;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An item's metadata in a {@link Catalogue}.
 *
 * @param id the item id, as in the interactions; not blank
 * @param title the display title, possibly empty
 * @param genres the genres, compared exactly
 * @param releaseDate the release date, when known
 * @param maturity the maturity rating on the catalogue's {@link MaturityScale}; an unrated item passes no maximum
 *     maturity filter
 * @param availability where and when the item may be shown; an item with no window is available nowhere, so it
 *     passes no availability filter
 */
public record CatalogueItem(String id, String title, Set<String> genres, Optional<LocalDate> releaseDate,
        Optional<String> maturity, List<AvailabilityWindow> availability) {
    public CatalogueItem {
        requireNonNull(id, "id is null");
        requireNonNull(title, "title is null");
        requireNonNull(releaseDate, "releaseDate is null");
        requireNonNull(maturity, "maturity is null");
        genres = Set.copyOf(requireNonNull(genres, "genres is null"));
        availability = List.copyOf(requireNonNull(availability, "availability is null"));
        if (id.isBlank()) {
            throw MarqueeException.invalid("catalogue item id must not be blank");
        }
        for (String genre : genres) {
            if (genre.isBlank()) {
                throw MarqueeException.invalid("genres of item '%s' must not be blank", id);
            }
        }
    }
}
