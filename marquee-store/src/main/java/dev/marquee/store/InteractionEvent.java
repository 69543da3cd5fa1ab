package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import java.util.OptionalDouble;

/**
 * One user-item interaction posted to a recommender endpoint after training.
 *
 * @param userId the user; not blank
 * @param itemId the item; not blank
 * @param rating the explicit rating, empty for an implicit event
 * @param timestamp the event's time in epoch seconds
 */
public record InteractionEvent(String userId, String itemId, OptionalDouble rating, long timestamp) {
    public InteractionEvent {
        Sql.requireNotBlank(requireNonNull(userId, "userId is null"), "userId");
        Sql.requireNotBlank(requireNonNull(itemId, "itemId is null"), "itemId");
        requireNonNull(rating, "rating is null");
    }
}
