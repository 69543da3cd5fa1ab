package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import dev.marquee.store.EndpointBatching;
import java.util.List;
import java.util.Optional;

/** An endpoint's whole traffic configuration as a caller asks for it: routes, shadows and batching settings. */
public record TrafficRequest(List<RouteRequest> routes, List<ShadowRequest> shadows, Optional<EndpointBatching> batching) {
    public TrafficRequest {
        routes = List.copyOf(requireNonNull(routes, "routes is null"));
        shadows = List.copyOf(requireNonNull(shadows, "shadows is null"));
        requireNonNull(batching, "batching is null");
    }

    /** One route carrying all traffic. */
    public static TrafficRequest single(String model, String reference) {
        return new TrafficRequest(
                List.of(new RouteRequest(Optional.empty(), model, reference, 100)), List.of(), Optional.empty());
    }
}
