package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import dev.marquee.store.ModelVersionRecord;

/**
 * A shadow route of a live endpoint with its loaded model: it receives a copy of {@code percent} % of requests.
 */
public record ShadowVariant(String name, ModelVersionRecord version, ServedModel model, double percent) {
    public ShadowVariant {
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
        requireNonNull(model, "model is null");
    }
}
