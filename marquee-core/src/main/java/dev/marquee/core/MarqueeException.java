package dev.marquee.core;

import static java.util.Objects.requireNonNull;

/**
 * The one exception type Marquee modules throw for failures a caller should see. The message names the offending
 * field or value; it never contains secrets.
 */
public class MarqueeException extends RuntimeException {
    private final ErrorCode code;

    public MarqueeException(ErrorCode code, String message) {
        super(requireNonNull(message, "message is null"));
        this.code = requireNonNull(code, "code is null");
    }

    public MarqueeException(ErrorCode code, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
    }

    public ErrorCode code() {
        return code;
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
