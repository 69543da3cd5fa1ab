package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The outcome of one inference call, as offered to the {@link RequestLog}.
 *
 * @param time when the call finished
 * @param tenantId the calling tenant
 * @param endpoint the endpoint (OIP model name) called
 * @param model the model the endpoint serves
 * @param version the model version that answered (or that the endpoint served, when the call failed)
 * @param requestId the caller's request id
 * @param latency from the start of handling to the answer being ready
 * @param status the HTTP status of the answer; other transports pass the HTTP equivalent of their status
 * @param error the error code of a failed call; empty on success
 * @param request the parsed request; empty when the body could not be parsed (the raw body is never logged)
 * @param response the response; empty when the call failed
 */
public record RequestLogEvent(
        Instant time,
        String tenantId,
        String endpoint,
        String model,
        String version,
        Optional<String> requestId,
        Duration latency,
        int status,
        Optional<ErrorCode> error,
        Optional<InferenceRequest> request,
        Optional<InferenceResponse> response) {
    public RequestLogEvent {
        requireNonNull(time, "time is null");
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(model, "model is null");
        requireNonNull(version, "version is null");
        requireNonNull(requestId, "requestId is null");
        requireNonNull(latency, "latency is null");
        requireNonNull(error, "error is null");
        requireNonNull(request, "request is null");
        requireNonNull(response, "response is null");
    }
}
