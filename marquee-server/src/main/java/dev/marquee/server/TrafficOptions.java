package dev.marquee.server;

import static dev.marquee.server.ConfigChecks.requirePositive;
import static java.util.Objects.requireNonNull;

import dev.marquee.runtime.TrafficSettings;
import java.time.Duration;

/**
 * The traffic part of {@link ServerConfig}: routes, shadows and the experiment log ({@link ServerConfigLoader}
 * documents the keys and defaults).
 *
 * @param maxEndpointRoutes most routes and shadows one endpoint may have ({@code max-endpoint-routes})
 * @param shadowConcurrency shadow copies running at once ({@code shadow-concurrency})
 * @param experimentQueueCapacity assignments waiting to be written ({@code experiment-queue-capacity})
 * @param experimentRetention how long assignments and feedback are kept ({@code experiment-retention})
 */
public record TrafficOptions(
        int maxEndpointRoutes, int shadowConcurrency, int experimentQueueCapacity, Duration experimentRetention) {
    public TrafficOptions {
        requireNonNull(experimentRetention, "experimentRetention is null");
        requirePositive("max-endpoint-routes", maxEndpointRoutes);
        requirePositive("shadow-concurrency", shadowConcurrency);
        requirePositive("experiment-queue-capacity", experimentQueueCapacity);
        requirePositive("experiment-retention", experimentRetention.toMillis());
    }

    /** The runtime's settings, with its default wait of an experiment report for queued assignments. */
    TrafficSettings settings() {
        return new TrafficSettings(maxEndpointRoutes, shadowConcurrency, experimentQueueCapacity, experimentRetention,
                TrafficSettings.DEFAULT.assignmentWait());
    }
}
