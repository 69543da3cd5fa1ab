package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A weighted route as a caller asks for it, before its model version is resolved.
 *
 * @param name the route name; empty for the default {@code <model>-v<version>}
 * @param reference a version number or an alias
 */
public record RouteRequest(Optional<String> name, String model, String reference, double weight) {
    public RouteRequest {
        requireNonNull(name, "name is null");
        requireNonNull(model, "model is null");
        requireNonNull(reference, "reference is null");
    }
}
