package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Limits of a {@link JdbcMetadataStore}.
 *
 * @param maximumConnections how many operations may use the database at once: the size of the connection pool for
 *     PostgreSQL, the number of read connections for SQLite (which adds one dedicated write connection); default 8
 * @param busyTimeout how long an operation waits for a free connection, for its turn to write, or for a lock held by
 *     another process before failing with {@code UNAVAILABLE} (SQLite {@code busy_timeout}, PostgreSQL
 *     {@code lock_timeout}); default 10 seconds, at least 1 millisecond
 */
public record JdbcStoreSettings(int maximumConnections, Duration busyTimeout) {
    public JdbcStoreSettings {
        if (maximumConnections < 1) {
            throw new IllegalArgumentException("maximumConnections must be positive: " + maximumConnections);
        }
        requireNonNull(busyTimeout, "busyTimeout is null");
        if (busyTimeout.toMillis() < 1 || busyTimeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException(
                    "busyTimeout must be between 1 ms and %s ms: %s".formatted(Integer.MAX_VALUE, busyTimeout));
        }
    }

    /** 8 connections, 10 second busy timeout. */
    public static JdbcStoreSettings defaults() {
        return new JdbcStoreSettings(8, Duration.ofSeconds(10));
    }

    int busyTimeoutMillis() {
        return (int) busyTimeout.toMillis();
    }
}
