package dev.marquee.store;

import java.util.List;

/**
 * Interactions posted to recommender endpoints after training, per tenant and endpoint: serving folds a user's posted
 * items in at once, and a retrain appends the pending ones to the training dataset. Thread-safe; scoped to one tenant.
 */
public interface PostedInteractionRepository {
    /** Stores the events in one transaction; NOT_FOUND when the tenant has no such endpoint. */
    void append(String tenantId, String endpointName, List<InteractionEvent> events);

    /** The item ids of the user's latest {@code limit} posted events, newest first (possibly repeated). */
    List<String> itemsOf(String tenantId, String endpointName, String userId, int limit);

    /** The events no retrain has appended yet, oldest first, at most {@code limit}. */
    PendingInteractions pending(String tenantId, String endpointName, int limit);

    /** Marks the pending events up to {@code throughId} as appended to {@code datasetId}; returns how many. */
    int markAppended(String tenantId, String endpointName, long throughId, String datasetId);

    /** Every (tenant, endpoint) with events no retrain has appended yet, across tenants (for scheduled retrains). */
    List<PendingEndpoint> endpointsWithPending();

    /** How many events the endpoint has, appended or not. */
    long count(String tenantId, String endpointName);
}
