package dev.marquee.server;

import dev.marquee.core.ErrorCode;
import dev.marquee.core.MarqueeException;
import io.helidon.http.Status;

/** The one place an {@link ErrorCode} becomes an HTTP status, and the one place it becomes a gRPC status. */
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

    /** The gRPC status code of {@code code}, following the same meanings as the HTTP mapping above. */
    static io.grpc.Status.Code grpcOf(ErrorCode code) {
        return switch (code) {
            case INVALID_ARGUMENT -> io.grpc.Status.Code.INVALID_ARGUMENT;
            case UNAUTHENTICATED -> io.grpc.Status.Code.UNAUTHENTICATED;
            case PERMISSION_DENIED -> io.grpc.Status.Code.PERMISSION_DENIED;
            case NOT_FOUND -> io.grpc.Status.Code.NOT_FOUND;
            case CONFLICT -> io.grpc.Status.Code.FAILED_PRECONDITION;
            case PAYLOAD_TOO_LARGE, RESOURCE_EXHAUSTED -> io.grpc.Status.Code.RESOURCE_EXHAUSTED;
            case UNAVAILABLE -> io.grpc.Status.Code.UNAVAILABLE;
            case DATA_CORRUPTED -> io.grpc.Status.Code.DATA_LOSS;
            case DEADLINE_EXCEEDED -> io.grpc.Status.Code.DEADLINE_EXCEEDED;
            case CANCELLED -> io.grpc.Status.Code.CANCELLED;
            case INTERNAL -> io.grpc.Status.Code.INTERNAL;
        };
    }

    /** The gRPC status a failure answers with: its mapped code and its message. */
    static io.grpc.Status grpc(MarqueeException failure) {
        return io.grpc.Status.fromCode(grpcOf(failure.code())).withDescription(failure.getMessage());
    }
}
