package dev.marquee.store;

import dev.marquee.core.MarqueeException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small JDBC helpers shared by the repositories: binding, row mapping, timestamps and common checks. */
final class Sql {
    private Sql() {}

    /** Maps the current row of a result set. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** A NULL parameter of a given {@link Types} type; PostgreSQL needs the type even for NULL. */
    record TypedNull(int sqlType) {}

    static Object textOrNull(Optional<String> value) {
        return value.<Object>map(text -> text).orElse(new TypedNull(Types.VARCHAR));
    }

    static Object integerOrNull(Optional<Integer> value) {
        return value.<Object>map(number -> number).orElse(new TypedNull(Types.INTEGER));
    }

    /**
     * Binds parameters by position. Supported: String, Integer, Long, Double, Boolean, Instant (as epoch
     * milliseconds) and {@link TypedNull}.
     */
    static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int index = 0; index < parameters.length; index++) {
            int position = index + 1;
            switch (parameters[index]) {
                case null -> throw new IllegalArgumentException("parameter " + position + " is null; bind a TypedNull");
                case TypedNull typedNull -> statement.setNull(position, typedNull.sqlType());
                case String text -> statement.setString(position, text);
                case Integer number -> statement.setInt(position, number);
                case Long number -> statement.setLong(position, number);
                case Double number -> statement.setDouble(position, number);
                case Boolean flag -> statement.setBoolean(position, flag);
                case Instant instant -> statement.setLong(position, instant.toEpochMilli());
                default -> throw new IllegalArgumentException(
                        "unsupported parameter type: " + parameters[index].getClass().getName());
            }
        }
    }

    /** Runs an INSERT, UPDATE or DELETE and returns the number of rows it changed. */
    static int update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            return statement.executeUpdate();
        }
    }

    static <T> List<T> list(Connection connection, String sql, RowMapper<T> mapper, Object... parameters)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            try (ResultSet rows = statement.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(mapper.map(rows));
                }
                return result;
            }
        }
    }

    static <T> Optional<T> first(Connection connection, String sql, RowMapper<T> mapper, Object... parameters)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(mapper.map(rows)) : Optional.empty();
            }
        }
    }

    static boolean exists(Connection connection, String sql, Object... parameters) throws SQLException {
        return first(connection, sql, row -> Boolean.TRUE, parameters).isPresent();
    }

    /** Throws NOT_FOUND unless the tenant exists; called inside transactions that create tenant-owned rows. */
    static void requireTenant(Connection connection, String tenantId) throws SQLException {
        if (!exists(connection, "SELECT 1 FROM tenants WHERE id = ?", tenantId)) {
            throw MarqueeException.notFound("tenant '%s' not found", tenantId);
        }
    }

    static Instant instant(ResultSet row, String column) throws SQLException {
        return Instant.ofEpochMilli(row.getLong(column));
    }

    static Optional<Instant> optionalInstant(ResultSet row, String column) throws SQLException {
        long millis = row.getLong(column);
        return row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }

    static Optional<Integer> optionalInt(ResultSet row, String column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? Optional.empty() : Optional.of(value);
    }

    static Optional<String> optionalString(ResultSet row, String column) throws SQLException {
        return Optional.ofNullable(row.getString(column));
    }

    /** Throws INVALID_ARGUMENT when {@code value} is blank. */
    static String requireNotBlank(String value, String name) {
        if (value.isBlank()) {
            throw MarqueeException.invalid("%s must not be blank", name);
        }
        return value;
    }

    /**
     * Hands out the next version of a dataset or model name: 1 for a new name, else the last one + 1. Must run
     * inside the transaction that inserts the version: the upsert locks the sequence row until commit, so concurrent
     * creators of the same name wait for each other instead of colliding.
     */
    static int nextVersion(Connection connection, String tenantId, String kind, String name) throws SQLException {
        return first(
                        connection,
                        """
                        INSERT INTO version_sequences (tenant_id, kind, name, last_version) VALUES (?, ?, ?, 1)
                        ON CONFLICT (tenant_id, kind, name)
                        DO UPDATE SET last_version = version_sequences.last_version + 1
                        RETURNING last_version""",
                        row -> row.getInt(1),
                        tenantId,
                        kind,
                        name)
                .orElseThrow(() -> new SQLException("version sequence upsert returned no row"));
    }
}
