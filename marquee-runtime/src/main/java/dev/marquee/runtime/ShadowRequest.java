package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A shadow route as a caller asks for it, before its model version is resolved.
 *
 * @param name the shadow's name; empty for the default {@code <model>-v<version>}
 * @param reference a version number or an alias
 * @param percent of requests copied to the shadow, in (0, 100]
 */
public record ShadowRequest(Optional<String> name, String model, String reference, double percent) {
    public ShadowRequest {
        requireNonNull(name, "name is null");
        requireNonNull(model, "model is null");
        requireNonNull(reference, "reference is null");
    }
}
