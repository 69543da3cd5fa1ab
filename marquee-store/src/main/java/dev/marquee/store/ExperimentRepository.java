package dev.marquee.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The experiment log: which variant answered each inference that carried a request id, and the feedback (rewards)
 * logged for endpoints. Both are bounded by {@link #purgeBefore}, which the runtime calls with its retention.
 * Thread-safe; scoped to one tenant.
 */
public interface ExperimentRepository {
    /** Records assignments in one transaction; a later assignment of the same request id replaces the earlier. */
    void recordAssignments(List<InferenceAssignment> assignments);

    Optional<InferenceAssignment> findAssignment(String tenantId, String endpointName, String requestId);

    /** Appends an observation; when it names a request id, it replaces earlier feedback for that id. */
    void recordFeedback(ExperimentFeedback feedback);

    /** Totals per route name that has requests or feedback, sorted by route name. */
    List<VariantTotals> totals(String tenantId, String endpointName);

    /** Deletes assignments served and feedback received before {@code cutoff}; returns the rows deleted. */
    long purgeBefore(Instant cutoff);
}
