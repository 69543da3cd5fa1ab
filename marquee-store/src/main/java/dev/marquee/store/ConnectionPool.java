package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.ErrorCode;
import dev.marquee.core.MarqueeException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A fixed number of JDBC connections, opened lazily and reused. A caller that finds all of them in use waits up to
 * the configured timeout. Waiting uses {@link Semaphore}, not monitors, so virtual threads never pin their carrier
 * while they wait. A connection that failed with an {@link SQLException} and no longer answers is discarded.
 * Thread-safe.
 */
final class ConnectionPool implements AutoCloseable {
    /** An idle connection older than this is checked before reuse, as the server may have closed it meanwhile. */
    private static final long REVALIDATE_AFTER_NANOS = TimeUnit.SECONDS.toNanos(30);

    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    private final ConnectionOpener opener;
    private final Semaphore permits;
    private final Duration waitTimeout;
    private final ConcurrentLinkedDeque<IdleConnection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    ConnectionPool(ConnectionOpener opener, int size, Duration waitTimeout) {
        this.opener = requireNonNull(opener, "opener is null");
        if (size < 1) {
            throw new IllegalArgumentException("pool size must be positive: " + size);
        }
        this.permits = new Semaphore(size, true);
        this.waitTimeout = requireNonNull(waitTimeout, "waitTimeout is null");
    }

    /** Opens a new connection, configured for its role. */
    @FunctionalInterface
    interface ConnectionOpener {
        Connection open() throws SQLException;
    }

    private record IdleConnection(Connection connection, long idleSinceNanos) {}

    /** Runs {@code work} on a connection of this pool that no other caller uses meanwhile. */
    <T> T use(SqlWork<T> work) throws SQLException {
        acquire();
        try {
            Connection connection = borrow();
            boolean reusable = false;
            try {
                T result = work.run(connection);
                reusable = true;
                return result;
            } catch (SQLException failure) {
                reusable = answers(connection);
                throw failure;
            } catch (RuntimeException | Error failure) {
                // Failures raised by the work itself (e.g. NOT_FOUND) leave the connection intact; a transaction
                // it was in has been rolled back by then.
                reusable = true;
                throw failure;
            } finally {
                giveBack(connection, reusable);
            }
        } finally {
            permits.release();
        }
    }

    private void acquire() {
        if (closed) {
            throw closedException();
        }
        try {
            if (!permits.tryAcquire(waitTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new MarqueeException(
                        ErrorCode.UNAVAILABLE,
                        "no metadata database connection became free within %s ms".formatted(waitTimeout.toMillis()));
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new MarqueeException(
                    ErrorCode.UNAVAILABLE, "interrupted while waiting for a metadata database connection", interrupted);
        }
    }

    private Connection borrow() throws SQLException {
        IdleConnection candidate;
        while ((candidate = idle.pollFirst()) != null) {
            boolean fresh = System.nanoTime() - candidate.idleSinceNanos() < REVALIDATE_AFTER_NANOS;
            if (fresh || answers(candidate.connection())) {
                return candidate.connection();
            }
            closeQuietly(candidate.connection());
        }
        if (closed) {
            throw closedException();
        }
        return opener.open();
    }

    private void giveBack(Connection connection, boolean reusable) {
        if (!reusable || closed) {
            closeQuietly(connection);
            return;
        }
        idle.offerFirst(new IdleConnection(connection, System.nanoTime()));
        if (closed) {
            // close() may have drained the idle connections before this one arrived.
            drain();
        }
    }

    private static boolean answers(Connection connection) {
        try {
            return connection.isValid(VALIDATION_TIMEOUT_SECONDS);
        } catch (SQLException ignored) {
            return false;
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Nothing useful can be done about a connection that fails to close; it is dropped either way.
        }
    }

    private static MarqueeException closedException() {
        return new MarqueeException(ErrorCode.UNAVAILABLE, "metadata store is closed");
    }

    private void drain() {
        IdleConnection entry;
        while ((entry = idle.pollFirst()) != null) {
            closeQuietly(entry.connection());
        }
    }

    /** Closes the idle connections now and each connection in use when it comes back. Idempotent. */
    @Override
    public void close() {
        closed = true;
        drain();
    }
}
