package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

/**
 * The result of work that {@link Deployments#route} ran on one variant of an endpoint.
 *
 * @param deployment the endpoint snapshot the call was routed in
 * @param variant the variant that answered
 * @param result what the work returned
 * @param <T> the result type
 */
public record RoutedCall<T>(Deployment deployment, Variant variant, T result) {
    public RoutedCall {
        requireNonNull(deployment, "deployment is null");
        requireNonNull(variant, "variant is null");
        requireNonNull(result, "result is null");
    }
}
