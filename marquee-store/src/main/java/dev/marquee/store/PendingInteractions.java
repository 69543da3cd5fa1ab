package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The posted interactions of an endpoint that no retrain has appended yet, oldest first.
 *
 * @param events the events
 * @param throughId the store id of the last event, for {@link PostedInteractionRepository#markAppended}; 0 when none
 */
public record PendingInteractions(List<InteractionEvent> events, long throughId) {
    public PendingInteractions {
        events = List.copyOf(requireNonNull(events, "events is null"));
    }
}
