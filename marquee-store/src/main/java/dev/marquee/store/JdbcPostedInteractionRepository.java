package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

/** {@link PostedInteractionRepository} over the {@code posted_interactions} table. */
final class JdbcPostedInteractionRepository implements PostedInteractionRepository {
    private final Database database;
    private final Clock clock;

    JdbcPostedInteractionRepository(Database database, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public void append(String tenantId, String endpointName, List<InteractionEvent> events) {
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(endpointName, "endpointName is null");
        List<InteractionEvent> copy = List.copyOf(requireNonNull(events, "events is null"));
        Instant now = clock.instant();
        database.write("post interactions", connection -> {
            if (!Sql.exists(connection, "SELECT 1 FROM endpoints WHERE tenant_id = ? AND name = ?", tenantId,
                    endpointName)) {
                throw MarqueeException.notFound("endpoint '%s' not found", endpointName);
            }
            for (InteractionEvent event : copy) {
                Sql.update(
                        connection,
                        """
                        INSERT INTO posted_interactions
                            (tenant_id, endpoint_name, user_id, item_id, rating, event_time, posted_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""",
                        tenantId,
                        endpointName,
                        event.userId(),
                        event.itemId(),
                        event.rating().isPresent() ? (Object) event.rating().getAsDouble()
                                : new Sql.TypedNull(Types.DOUBLE),
                        event.timestamp(),
                        now);
            }
            return null;
        });
    }

    @Override
    public List<String> itemsOf(String tenantId, String endpointName, String userId, int limit) {
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(endpointName, "endpointName is null");
        requireNonNull(userId, "userId is null");
        return database.read("read posted interactions of a user", connection -> Sql.list(
                connection,
                """
                SELECT item_id FROM posted_interactions WHERE tenant_id = ? AND endpoint_name = ? AND user_id = ?
                ORDER BY id DESC LIMIT ?""",
                row -> row.getString("item_id"),
                tenantId,
                endpointName,
                userId,
                limit));
    }

    private record Row(long id, InteractionEvent event) {}

    @Override
    public PendingInteractions pending(String tenantId, String endpointName, int limit) {
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(endpointName, "endpointName is null");
        List<Row> rows = database.read("read pending posted interactions", connection -> Sql.list(
                connection,
                """
                SELECT id, user_id, item_id, rating, event_time FROM posted_interactions
                WHERE tenant_id = ? AND endpoint_name = ? AND appended_to IS NULL ORDER BY id LIMIT ?""",
                JdbcPostedInteractionRepository::row,
                tenantId,
                endpointName,
                limit));
        return new PendingInteractions(rows.stream().map(Row::event).toList(),
                rows.isEmpty() ? 0 : rows.getLast().id());
    }

    @Override
    public int markAppended(String tenantId, String endpointName, long throughId, String datasetId) {
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(endpointName, "endpointName is null");
        requireNonNull(datasetId, "datasetId is null");
        return database.write("mark posted interactions appended", connection -> Sql.update(
                connection,
                """
                UPDATE posted_interactions SET appended_to = ?
                WHERE tenant_id = ? AND endpoint_name = ? AND appended_to IS NULL AND id <= ?""",
                datasetId,
                tenantId,
                endpointName,
                throughId));
    }

    @Override
    public List<PendingEndpoint> endpointsWithPending() {
        return database.read("list endpoints with pending posted interactions", connection -> Sql.list(
                connection,
                """
                SELECT DISTINCT tenant_id, endpoint_name FROM posted_interactions WHERE appended_to IS NULL
                ORDER BY tenant_id, endpoint_name""",
                row -> new PendingEndpoint(row.getString("tenant_id"), row.getString("endpoint_name"))));
    }

    @Override
    public long count(String tenantId, String endpointName) {
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(endpointName, "endpointName is null");
        return database.read("count posted interactions", connection -> Sql.first(
                connection,
                "SELECT COUNT(*) AS events FROM posted_interactions WHERE tenant_id = ? AND endpoint_name = ?",
                row -> row.getLong("events"),
                tenantId,
                endpointName).orElse(0L));
    }

    private static Row row(ResultSet row) throws SQLException {
        double rating = row.getDouble("rating");
        OptionalDouble value = row.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(rating);
        return new Row(row.getLong("id"), new InteractionEvent(row.getString("user_id"), row.getString("item_id"),
                value, row.getLong("event_time")));
    }
}
