package dev.marquee.runtime;

import dev.marquee.core.MarqueeException;
import java.time.Duration;

/**
 * A point on the {@link System#nanoTime()} clock by which a request must be answered. A request whose deadline passes
 * while it waits is dropped without running and answers DEADLINE_EXCEEDED.
 *
 * @param nanoTime the deadline on the {@code System.nanoTime()} clock
 */
public record Deadline(long nanoTime) {
    /**
     * The Open Inference Protocol request parameter with the request's timeout in microseconds, as Triton reads it
     * ({@code "parameters": {"timeout": 5000}}); a positive integer.
     */
    public static final String TIMEOUT_PARAMETER = "timeout";

    /** Largest timeout accepted from a request, so the nanosecond arithmetic cannot overflow (one day). */
    private static final Duration LONGEST = Duration.ofDays(1);

    /** {@code timeout} from now; longer than a day is treated as a day. */
    public static Deadline after(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        Duration bounded = timeout.compareTo(LONGEST) > 0 ? LONGEST : timeout;
        return new Deadline(System.nanoTime() + bounded.toNanos());
    }

    /**
     * The deadline of {@code request}: {@code serverTimeout} from now, or sooner when the request's
     * {@link #TIMEOUT_PARAMETER} asks for less. A client can shorten the server's limit, never extend it. A timeout
     * parameter that is not a positive integer is INVALID_ARGUMENT naming it.
     */
    public static Deadline forRequest(InferenceRequest request, Duration serverTimeout) {
        Deadline server = after(serverTimeout);
        Object timeout = request.parameters().get(TIMEOUT_PARAMETER);
        if (timeout == null) {
            return server;
        }
        long micros = switch (timeout) {
            case Integer value -> value;
            case Long value -> value;
            case Double value when value == Math.rint(value) && Math.abs(value) < 1e15 -> value.longValue();
            default -> throw MarqueeException.invalid(
                    "parameter '%s' must be a positive integer of microseconds, was %s", TIMEOUT_PARAMETER, timeout);
        };
        if (micros <= 0) {
            throw MarqueeException.invalid(
                    "parameter '%s' must be a positive integer of microseconds, was %s", TIMEOUT_PARAMETER, timeout);
        }
        return server.earliest(after(Duration.ofNanos(Math.multiplyExact(Math.min(micros, LONGEST.toNanos() / 1000), 1000))));
    }

    /** The earlier of the two deadlines. */
    public Deadline earliest(Deadline other) {
        return nanoTime - other.nanoTime <= 0 ? this : other;
    }

    /** Nanoseconds left; zero or negative once passed. */
    public long remainingNanos() {
        return nanoTime - System.nanoTime();
    }

    public boolean hasPassed() {
        return remainingNanos() <= 0;
    }
}
