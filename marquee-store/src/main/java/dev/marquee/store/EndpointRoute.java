package dev.marquee.store;

import static java.util.Objects.requireNonNull;

/**
 * One weighted variant of an endpoint. Traffic is split in proportion to the weights of the endpoint's routes;
 * a route of weight 0 is kept (for example a finished canary) but receives no traffic.
 *
 * @param name the variant's name, unique within the endpoint; reported with every response and metric
 * @param modelName the model it serves
 * @param reference what the caller asked for: a version number or an alias
 * @param version what {@code reference} resolved to when the routes were set
 * @param weight a finite, non-negative number
 */
public record EndpointRoute(String name, String modelName, String reference, int version, double weight) {
    public EndpointRoute {
        requireNonNull(name, "name is null");
        requireNonNull(modelName, "modelName is null");
        requireNonNull(reference, "reference is null");
    }

    /** The name a route gets when the caller gives none: {@code <model>-v<version>}. */
    public static String defaultName(String modelName, int version) {
        return modelName + "-v" + version;
    }
}
