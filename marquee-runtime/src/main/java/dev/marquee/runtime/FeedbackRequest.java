package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import java.util.Optional;

/**
 * An outcome logged for an endpoint: exactly one of the inference's request id (the OIP {@code id} it carried) or
 * its routing key, and a finite reward (a click or conversion is 1, none 0).
 */
public record FeedbackRequest(Optional<String> requestId, Optional<String> routingKey, double reward) {
    /** INVALID_ARGUMENT naming the REST fields when both or neither of id and routing key are given. */
    public FeedbackRequest {
        requireNonNull(requestId, "requestId is null");
        requireNonNull(routingKey, "routingKey is null");
        if (requestId.isPresent() == routingKey.isPresent()) {
            throw MarqueeException.invalid(
                    "feedback needs exactly one of 'id' (the inference's request id) and 'routing_key'");
        }
        if (!Double.isFinite(reward)) {
            throw MarqueeException.invalid("'reward' must be a finite number");
        }
    }
}
