package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** {@link EndpointRepository} over the {@code endpoints} and {@code endpoint_routes} tables. */
final class JdbcEndpointRepository implements EndpointRepository {
    private static final String COLUMNS = "tenant_id, name, model_name, model_reference, version, batch_max_size,"
            + " batch_max_queue_delay_ms, created_at, updated_at";
    private static final String ROUTE_COLUMNS = "kind, route_name, model_name, model_reference, version, share";

    private final Database database;
    private final Clock clock;

    JdbcEndpointRepository(Database database, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** {@inheritDoc} INVALID_ARGUMENT for a blank name or reference. */
    @Override
    public EndpointRecord upsert(String tenantId, String name, EndpointTraffic traffic) {
        requireNonNull(tenantId, "tenantId is null");
        Sql.requireNotBlank(requireNonNull(name, "name is null"), "endpoint name");
        requireNonNull(traffic, "traffic is null");
        traffic.routes().forEach(route -> Sql.requireNotBlank(route.reference(), "model reference"));
        traffic.shadows().forEach(shadow -> Sql.requireNotBlank(shadow.reference(), "model reference"));
        EndpointRoute control = traffic.routes().getFirst();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return database.write("deploy endpoint", connection -> {
            for (EndpointRoute route : traffic.routes()) {
                JdbcModelRepository.requireVersion(connection, tenantId, route.modelName(), route.version());
            }
            for (EndpointShadow shadow : traffic.shadows()) {
                JdbcModelRepository.requireVersion(connection, tenantId, shadow.modelName(), shadow.version());
            }
            Sql.update(
                    connection,
                    """
                    INSERT INTO endpoints
                        (tenant_id, name, model_name, model_reference, version, batch_max_size,
                         batch_max_queue_delay_ms, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (tenant_id, name) DO UPDATE SET model_name = excluded.model_name,
                        model_reference = excluded.model_reference, version = excluded.version,
                        batch_max_size = excluded.batch_max_size,
                        batch_max_queue_delay_ms = excluded.batch_max_queue_delay_ms,
                        updated_at = excluded.updated_at""",
                    tenantId,
                    name,
                    control.modelName(),
                    control.reference(),
                    control.version(),
                    traffic.batching().<Object>map(EndpointBatching::maxBatchSize)
                            .orElse(new Sql.TypedNull(Types.INTEGER)),
                    traffic.batching().<Object>map(EndpointBatching::maxQueueDelayMillis)
                            .orElse(new Sql.TypedNull(Types.BIGINT)),
                    now,
                    now);
            Sql.update(
                    connection,
                    "DELETE FROM endpoint_routes WHERE tenant_id = ? AND endpoint_name = ?",
                    tenantId,
                    name);
            for (int ordinal = 0; ordinal < traffic.routes().size(); ordinal++) {
                EndpointRoute route = traffic.routes().get(ordinal);
                insertRoute(connection, tenantId, name, "route", ordinal, route.name(), route.modelName(),
                        route.reference(), route.version(), route.weight());
            }
            for (int ordinal = 0; ordinal < traffic.shadows().size(); ordinal++) {
                EndpointShadow shadow = traffic.shadows().get(ordinal);
                insertRoute(connection, tenantId, name, "shadow", ordinal, shadow.name(), shadow.modelName(),
                        shadow.reference(), shadow.version(), shadow.percent());
            }
            return find(connection, tenantId, name).orElseThrow(() -> new SQLException("upserted endpoint is missing"));
        });
    }

    private static void insertRoute(
            Connection connection,
            String tenantId,
            String endpointName,
            String kind,
            int ordinal,
            String routeName,
            String modelName,
            String reference,
            int version,
            double share)
            throws SQLException {
        Sql.update(
                connection,
                """
                INSERT INTO endpoint_routes
                    (tenant_id, endpoint_name, kind, ordinal, route_name, model_name, model_reference, version, share)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                tenantId,
                endpointName,
                kind,
                ordinal,
                routeName,
                modelName,
                reference,
                version,
                share);
    }

    @Override
    public Optional<EndpointRecord> find(String tenantId, String name) {
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(name, "name is null");
        return database.read("find endpoint", connection -> find(connection, tenantId, name));
    }

    private static Optional<EndpointRecord> find(Connection connection, String tenantId, String name)
            throws SQLException {
        Optional<EndpointRecord> endpoint = Sql.first(
                connection,
                "SELECT " + COLUMNS + " FROM endpoints WHERE tenant_id = ? AND name = ?",
                JdbcEndpointRepository::endpointRow,
                tenantId,
                name);
        if (endpoint.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(withRoutes(connection, endpoint.get()));
    }

    @Override
    public List<EndpointRecord> list(String tenantId) {
        requireNonNull(tenantId, "tenantId is null");
        List<EndpointRecord> endpoints = database.read("list endpoints", connection -> {
            List<EndpointRecord> rows = Sql.list(
                    connection,
                    "SELECT " + COLUMNS + " FROM endpoints WHERE tenant_id = ?",
                    JdbcEndpointRepository::endpointRow,
                    tenantId);
            List<EndpointRecord> complete = new ArrayList<>(rows.size());
            for (EndpointRecord row : rows) {
                complete.add(withRoutes(connection, row));
            }
            return complete;
        });
        // Sorted here rather than in SQL so that both databases agree whatever their collation.
        return endpoints.stream().sorted(Comparator.comparing(EndpointRecord::name)).toList();
    }

    @Override
    public boolean delete(String tenantId, String name) {
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(name, "name is null");
        return database.write("delete endpoint", connection -> {
            Sql.update(
                    connection,
                    "DELETE FROM endpoint_routes WHERE tenant_id = ? AND endpoint_name = ?",
                    tenantId,
                    name);
            Sql.update(
                    connection,
                    "DELETE FROM inference_assignments WHERE tenant_id = ? AND endpoint_name = ?",
                    tenantId,
                    name);
            Sql.update(
                    connection,
                    "DELETE FROM experiment_feedback WHERE tenant_id = ? AND endpoint_name = ?",
                    tenantId,
                    name);
            Sql.update(
                    connection,
                    "DELETE FROM posted_interactions WHERE tenant_id = ? AND endpoint_name = ?",
                    tenantId,
                    name);
            return Sql.update(connection, "DELETE FROM endpoints WHERE tenant_id = ? AND name = ?", tenantId, name)
                    > 0;
        });
    }

    private record RouteRow(String kind, String name, String modelName, String reference, int version, double share) {}

    private static EndpointRecord withRoutes(Connection connection, EndpointRecord endpoint) throws SQLException {
        List<RouteRow> rows = Sql.list(
                connection,
                "SELECT " + ROUTE_COLUMNS + " FROM endpoint_routes WHERE tenant_id = ? AND endpoint_name = ?"
                        + " ORDER BY kind, ordinal",
                row -> new RouteRow(
                        row.getString("kind"),
                        row.getString("route_name"),
                        row.getString("model_name"),
                        row.getString("model_reference"),
                        row.getInt("version"),
                        row.getDouble("share")),
                endpoint.tenantId(),
                endpoint.name());
        List<EndpointRoute> routes = new ArrayList<>();
        List<EndpointShadow> shadows = new ArrayList<>();
        for (RouteRow row : rows) {
            if (row.kind().equals("route")) {
                routes.add(new EndpointRoute(row.name(), row.modelName(), row.reference(), row.version(), row.share()));
            } else {
                shadows.add(
                        new EndpointShadow(row.name(), row.modelName(), row.reference(), row.version(), row.share()));
            }
        }
        if (routes.isEmpty()) {
            throw new SQLException("endpoint has no routes");
        }
        return new EndpointRecord(
                endpoint.tenantId(),
                endpoint.name(),
                endpoint.modelName(),
                endpoint.reference(),
                endpoint.version(),
                routes,
                shadows,
                endpoint.batching(),
                endpoint.createdAt(),
                endpoint.updatedAt());
    }

    /** The endpoint row alone; its routes are read by {@link #withRoutes}. */
    private static EndpointRecord endpointRow(ResultSet row) throws SQLException {
        Optional<Integer> maxBatchSize = Sql.optionalInt(row, "batch_max_size");
        long maxQueueDelay = row.getLong("batch_max_queue_delay_ms");
        Optional<EndpointBatching> batching =
                maxBatchSize.map(size -> new EndpointBatching(size, maxQueueDelay));
        String modelName = row.getString("model_name");
        int version = row.getInt("version");
        return new EndpointRecord(
                row.getString("tenant_id"),
                row.getString("name"),
                modelName,
                row.getString("model_reference"),
                version,
                List.of(),
                List.of(),
                batching,
                Sql.instant(row, "created_at"),
                Sql.instant(row, "updated_at"));
    }
}
