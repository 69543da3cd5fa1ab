package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One logged outcome of an endpoint's variant: a reward (a click or conversion is 1, its absence 0).
 *
 * @param requestId the inference it is about, when the caller named one; feedback for the same id replaces the
 *     earlier one
 * @param reward a finite number
 */
public record ExperimentFeedback(
        String tenantId,
        String endpointName,
        Optional<String> requestId,
        String routeName,
        double reward,
        Instant receivedAt) {
    public ExperimentFeedback {
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(endpointName, "endpointName is null");
        requireNonNull(requestId, "requestId is null");
        requireNonNull(routeName, "routeName is null");
        requireNonNull(receivedAt, "receivedAt is null");
        if (!Double.isFinite(reward)) {
            throw new IllegalArgumentException("reward must be finite: " + reward);
        }
    }
}
