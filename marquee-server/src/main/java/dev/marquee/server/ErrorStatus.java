package dev.marquee.server;

import dev.marquee.core.ErrorCode;
import io.helidon.http.Status;

/** The one place an {@link ErrorCode} becomes an HTTP status. */
final class ErrorStatus {
    /** Not a standard status; nginx's name for a request the client abandoned (the client never reads it). */
    static final Status CLIENT_CLOSED_REQUEST_499 = Status.create(499, "Client Closed Request");

    private ErrorStatus() {}

    static Status of(ErrorCode code) {
        return switch (code) {
            case INVALID_ARGUMENT -> Status.BAD_REQUEST_400;
            case UNAUTHENTICATED -> Status.UNAUTHORIZED_401;
            case PERMISSION_DENIED -> Status.FORBIDDEN_403;
            case NOT_FOUND -> Status.NOT_FOUND_404;
            case CONFLICT -> Status.CONFLICT_409;
            case PAYLOAD_TOO_LARGE -> Status.REQUEST_ENTITY_TOO_LARGE_413;
            case RESOURCE_EXHAUSTED -> Status.TOO_MANY_REQUESTS_429;
            case UNAVAILABLE, DATA_CORRUPTED -> Status.SERVICE_UNAVAILABLE_503;
            case DEADLINE_EXCEEDED -> Status.GATEWAY_TIMEOUT_504;
            case CANCELLED -> CLIENT_CLOSED_REQUEST_499;
            case INTERNAL -> Status.INTERNAL_SERVER_ERROR_500;
        };
    }
}
