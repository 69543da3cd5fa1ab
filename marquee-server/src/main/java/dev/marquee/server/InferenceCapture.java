package dev.marquee.server;

import static java.util.Objects.requireNonNull;

import dev.marquee.runtime.Deployment;
import dev.marquee.runtime.InferenceRequest;
import dev.marquee.runtime.InferenceResponse;
import java.util.Optional;

/**
 * What one inference call has revealed so far, for the request log: a transport adapter hands each piece over as
 * it gets it (each setter returns its argument, so it wraps an expression), then reports the outcome to {@link
 * RequestLogging}. One per call; not thread-safe.
 */
public final class InferenceCapture {
    private final String tenantId;
    private final String endpoint;
    private final long startedNanos;
    private Deployment deployment;
    private InferenceRequest request;
    private InferenceResponse response;
    private long answeredNanos;

    InferenceCapture(String tenantId, String endpoint, long startedNanos) {
        this.tenantId = requireNonNull(tenantId, "tenantId is null");
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.startedNanos = startedNanos;
    }

    /** The endpoint's deployment, once resolved; calls that never resolve one (unknown endpoint) are not logged. */
    public Deployment deployment(Deployment resolved) {
        this.deployment = requireNonNull(resolved, "resolved is null");
        return resolved;
    }

    /** The parsed request. */
    public InferenceRequest request(InferenceRequest parsed) {
        this.request = requireNonNull(parsed, "parsed is null");
        return parsed;
    }

    /** The answer; the call's latency ends here. */
    public InferenceResponse response(InferenceResponse answer) {
        this.response = requireNonNull(answer, "answer is null");
        this.answeredNanos = System.nanoTime();
        return answer;
    }

    String tenantId() {
        return tenantId;
    }

    String endpoint() {
        return endpoint;
    }

    long startedNanos() {
        return startedNanos;
    }

    Optional<Deployment> deployment() {
        return Optional.ofNullable(deployment);
    }

    Optional<InferenceRequest> request() {
        return Optional.ofNullable(request);
    }

    Optional<InferenceResponse> response() {
        return Optional.ofNullable(response);
    }

    /** When the answer was ready, or {@code now} for a call that failed. */
    long endedNanos(long now) {
        return response == null ? now : answeredNanos;
    }
}
