package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * The one exception type Marquee modules throw for failures a caller should see. The message names the offending
 * field or value; it never contains secrets.
 */
public class MarqueeException extends RuntimeException {
    private final ErrorCode code;
    /** Null when the failure gives no retry hint (a field, not an Optional, so the exception stays serialisable). */
    private final Duration retryAfter;

    public MarqueeException(ErrorCode code, String message) {
        super(requireNonNull(message, "message is null"));
        this.code = requireNonNull(code, "code is null");
        this.retryAfter = null;
    }

    public MarqueeException(ErrorCode code, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
        this.retryAfter = null;
    }

    /**
     * A failure the caller may retry after {@code retryAfter} (a full queue, a server shutting down); the server sends
     * it as the {@code Retry-After} header, in whole seconds rounded up.
     */
    public MarqueeException(ErrorCode code, String message, Duration retryAfter) {
        super(requireNonNull(message, "message is null"));
        this.code = requireNonNull(code, "code is null");
        requireNonNull(retryAfter, "retryAfter is null");
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter);
        }
        this.retryAfter = retryAfter;
    }

    public ErrorCode code() {
        return code;
    }

    /** How long the caller should wait before retrying, when the failure says so. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public static MarqueeException invalid(String format, Object... arguments) {
        return new MarqueeException(ErrorCode.INVALID_ARGUMENT, format.formatted(arguments));
    }

    public static MarqueeException notFound(String format, Object... arguments) {
        return new MarqueeException(ErrorCode.NOT_FOUND, format.formatted(arguments));
    }

    public static MarqueeException conflict(String format, Object... arguments) {
        return new MarqueeException(ErrorCode.CONFLICT, format.formatted(arguments));
    }
}
