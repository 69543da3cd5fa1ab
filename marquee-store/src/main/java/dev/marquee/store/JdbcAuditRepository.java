package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** {@link AuditRepository} over the {@code audit_log} table. Times are kept at millisecond precision. */
final class JdbcAuditRepository implements AuditRepository {
    private final Database database;

    JdbcAuditRepository(Database database) {
        this.database = requireNonNull(database, "database is null");
    }

    /** {@inheritDoc} NOT_FOUND for an unknown tenant. */
    @Override
    public void append(String tenantId, String actorKeyId, String action, String target, String detail, Instant at) {
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(actorKeyId, "actorKeyId is null");
        requireNonNull(action, "action is null");
        requireNonNull(target, "target is null");
        requireNonNull(detail, "detail is null");
        requireNonNull(at, "at is null");
        database.write("append audit entry", connection -> {
            Sql.requireTenant(connection, tenantId);
            return Sql.update(
                    connection,
                    "INSERT INTO audit_log (tenant_id, actor_key_id, action, target, detail, occurred_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?)",
                    tenantId,
                    actorKeyId,
                    action,
                    target,
                    detail,
                    at);
        });
    }

    /** {@inheritDoc} Entries with the same time come newest appended first. INVALID_ARGUMENT for a negative limit. */
    @Override
    public List<AuditEntry> list(String tenantId, int limit) {
        requireNonNull(tenantId, "tenantId is null");
        if (limit < 0) {
            throw MarqueeException.invalid("limit must not be negative: %s", limit);
        }
        return database.read(
                "list audit entries",
                connection -> Sql.list(
                        connection,
                        "SELECT id, tenant_id, actor_key_id, action, target, detail, occurred_at FROM audit_log"
                                + " WHERE tenant_id = ? ORDER BY occurred_at DESC, id DESC LIMIT ?",
                        JdbcAuditRepository::entry,
                        tenantId,
                        limit));
    }

    private static AuditEntry entry(ResultSet row) throws SQLException {
        return new AuditEntry(
                row.getLong("id"),
                row.getString("tenant_id"),
                row.getString("actor_key_id"),
                row.getString("action"),
                row.getString("target"),
                row.getString("detail"),
                Sql.instant(row, "occurred_at"));
    }
}
