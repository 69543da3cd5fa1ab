package dev.marquee.store;

import static java.util.Objects.requireNonNull;

/**
 * A shadow variant: it receives an asynchronous copy of {@code percent} % of the endpoint's requests, and its answers
 * and failures never reach the caller.
 *
 * @param name unique within the endpoint (routes and shadows together)
 * @param reference what the caller asked for: a version number or an alias
 * @param version what {@code reference} resolved to when the routes were set
 * @param percent in (0, 100]
 */
public record EndpointShadow(String name, String modelName, String reference, int version, double percent) {
    public EndpointShadow {
        requireNonNull(name, "name is null");
        requireNonNull(modelName, "modelName is null");
        requireNonNull(reference, "reference is null");
    }
}
