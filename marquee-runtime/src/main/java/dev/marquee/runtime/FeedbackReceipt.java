package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** What a feedback was recorded as: the endpoint, the request id if any, the variant it is attributed to. */
public record FeedbackReceipt(String endpoint, Optional<String> id, String route, double reward) {
    public FeedbackReceipt {
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(id, "id is null");
        requireNonNull(route, "route is null");
    }
}
