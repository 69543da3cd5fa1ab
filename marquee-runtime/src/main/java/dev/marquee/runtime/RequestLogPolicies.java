package dev.marquee.runtime;

/** Where the request log finds each endpoint's {@link RequestLogPolicy}. Implementations are thread-safe. */
@FunctionalInterface
public interface RequestLogPolicies {
    /**
     * The policy for calls of {@code endpoint}; called on the inference path, so it must be cheap in the common
     * case (a cache hit).
     */
    RequestLogPolicy policy(String tenantId, String endpoint);
}
