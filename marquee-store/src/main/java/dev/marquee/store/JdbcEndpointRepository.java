package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** {@link EndpointRepository} over the {@code endpoints} table. */
final class JdbcEndpointRepository implements EndpointRepository {
    private static final String COLUMNS =
            "tenant_id, name, model_name, model_reference, version, created_at, updated_at";

    private final Database database;
    private final Clock clock;

    JdbcEndpointRepository(Database database, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** {@inheritDoc} NOT_FOUND when the model version does not exist; INVALID_ARGUMENT for a blank name. */
    @Override
    public EndpointRecord upsert(String tenantId, String name, String modelName, String reference, int version) {
        requireNonNull(tenantId, "tenantId is null");
        Sql.requireNotBlank(requireNonNull(name, "name is null"), "endpoint name");
        requireNonNull(modelName, "modelName is null");
        Sql.requireNotBlank(requireNonNull(reference, "reference is null"), "model reference");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return database.write("deploy endpoint", connection -> {
            JdbcModelRepository.requireVersion(connection, tenantId, modelName, version);
            Sql.update(
                    connection,
                    """
                    INSERT INTO endpoints
                        (tenant_id, name, model_name, model_reference, version, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (tenant_id, name) DO UPDATE SET model_name = excluded.model_name,
                        model_reference = excluded.model_reference, version = excluded.version,
                        updated_at = excluded.updated_at""",
                    tenantId,
                    name,
                    modelName,
                    reference,
                    version,
                    now,
                    now);
            return Sql.first(
                            connection,
                            "SELECT " + COLUMNS + " FROM endpoints WHERE tenant_id = ? AND name = ?",
                            JdbcEndpointRepository::endpoint,
                            tenantId,
                            name)
                    .orElseThrow(() -> new SQLException("upserted endpoint is missing"));
        });
    }

    @Override
    public Optional<EndpointRecord> find(String tenantId, String name) {
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(name, "name is null");
        return database.read(
                "find endpoint",
                connection -> Sql.first(
                        connection,
                        "SELECT " + COLUMNS + " FROM endpoints WHERE tenant_id = ? AND name = ?",
                        JdbcEndpointRepository::endpoint,
                        tenantId,
                        name));
    }

    @Override
    public List<EndpointRecord> list(String tenantId) {
        requireNonNull(tenantId, "tenantId is null");
        List<EndpointRecord> endpoints = database.read(
                "list endpoints",
                connection -> Sql.list(
                        connection,
                        "SELECT " + COLUMNS + " FROM endpoints WHERE tenant_id = ?",
                        JdbcEndpointRepository::endpoint,
                        tenantId));
        // Sorted here rather than in SQL so that both databases agree whatever their collation.
        return endpoints.stream().sorted(Comparator.comparing(EndpointRecord::name)).toList();
    }

    @Override
    public boolean delete(String tenantId, String name) {
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(name, "name is null");
        return database.write(
                "delete endpoint",
                connection ->
                        Sql.update(connection, "DELETE FROM endpoints WHERE tenant_id = ? AND name = ?", tenantId, name)
                                > 0);
    }

    private static EndpointRecord endpoint(ResultSet row) throws SQLException {
        return new EndpointRecord(
                row.getString("tenant_id"),
                row.getString("name"),
                row.getString("model_name"),
                row.getString("model_reference"),
                row.getInt("version"),
                Sql.instant(row, "created_at"),
                Sql.instant(row, "updated_at"));
    }
}
