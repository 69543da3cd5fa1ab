package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.ErrorCode;
import dev.marquee.core.MarqueeException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs reads and transactions on the metadata database and turns {@link SQLException} into
 * {@link MarqueeException} at this boundary. Messages name the operation only, never the values involved (which
 * may include key hashes). Thread-safe.
 *
 * <p>Writes go to {@code writers}, reads to {@code readers}; for SQLite these are one dedicated write connection
 * (SQLite allows one writer at a time, and queueing writers in Java is fairer and cheaper than letting them spin on
 * the database lock) and several read connections (WAL lets readers proceed while a write is in progress). For
 * PostgreSQL both are the same pool.
 */
final class Database implements AutoCloseable {
    /** Attempts of a transaction that keeps losing races to concurrent ones before the failure is reported. */
    private static final int MAXIMUM_ATTEMPTS = 5;

    private final SqlDialect dialect;
    private final ConnectionPool readers;
    private final ConnectionPool writers;

    Database(SqlDialect dialect, ConnectionPool readers, ConnectionPool writers) {
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.readers = requireNonNull(readers, "readers is null");
        this.writers = requireNonNull(writers, "writers is null");
    }

    /**
     * Runs read-only {@code work} in auto-commit mode.
     *
     * @param operation what is being done, for the error message, e.g. {@code "find dataset"}
     */
    <T> T read(String operation, SqlWork<T> work) {
        try {
            return readers.use(work);
        } catch (SQLException failure) {
            throw translate(operation, failure);
        }
    }

    /**
     * Runs {@code work} as one transaction: committed when it returns, rolled back when it throws. A transaction
     * that lost a race to a concurrent one (unique violation, serialisation failure, deadlock) is run again, so
     * {@code work} must not have effects outside the database.
     *
     * @param operation what is being done, for the error message, e.g. {@code "create dataset"}
     */
    <T> T write(String operation, SqlWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return writers.use(connection -> inTransaction(connection, work));
            } catch (SQLException failure) {
                if (attempt >= MAXIMUM_ATTEMPTS || !dialect.isRetryable(failure)) {
                    throw translate(operation, failure);
                }
            }
        }
    }

    private static <T> T inTransaction(Connection connection, SqlWork<T> work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException | Error failure) {
            try {
                connection.rollback();
            } catch (SQLException rollbackFailure) {
                failure.addSuppressed(rollbackFailure);
            }
            throw failure;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private MarqueeException translate(String operation, SQLException failure) {
        if (dialect.isBusy(failure)) {
            return new MarqueeException(
                    ErrorCode.UNAVAILABLE,
                    "metadata database is busy; could not " + operation + ", retry later",
                    failure);
        }
        return new MarqueeException(ErrorCode.INTERNAL, "metadata store could not " + operation, failure);
    }

    @Override
    public void close() {
        try (writers) {
            readers.close();
        }
    }
}
