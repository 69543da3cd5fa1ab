package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import dev.marquee.store.EndpointRecord;
import dev.marquee.store.ModelVersionRecord;

/** What an endpoint serves right now: its record, the model version and the loaded model. */
public record Deployment(EndpointRecord endpoint, ModelVersionRecord version, ServedModel model) {
    public Deployment {
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(version, "version is null");
        requireNonNull(model, "model is null");
    }
}
