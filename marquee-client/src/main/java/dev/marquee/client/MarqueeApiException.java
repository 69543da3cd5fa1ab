package dev.marquee.client;

/** The server answered with an error status; carries the status and the body's {@code code} and {@code error}. */
public class MarqueeApiException extends RuntimeException {
    private final int status;
    private final String code;

    public MarqueeApiException(int status, String code, String message) {
        super("HTTP %d %s: %s".formatted(status, code, message));
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
