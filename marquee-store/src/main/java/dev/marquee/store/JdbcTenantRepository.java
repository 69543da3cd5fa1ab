package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** {@link TenantRepository} over the {@code tenants} table. */
final class JdbcTenantRepository implements TenantRepository {
    private static final String COLUMNS = "id, name, is_operator, created_at";

    private final Database database;
    private final RandomIds ids;
    private final Clock clock;

    JdbcTenantRepository(Database database, RandomIds ids, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.ids = requireNonNull(ids, "ids is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** {@inheritDoc} A second operator tenant is a CONFLICT as well. */
    @Override
    public Tenant create(String name, boolean operator) {
        Sql.requireNotBlank(requireNonNull(name, "name is null"), "tenant name");
        Tenant tenant = new Tenant(ids.next("tn_"), name, operator, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        return database.write("create tenant", connection -> {
            if (Sql.exists(connection, "SELECT 1 FROM tenants WHERE name = ?", name)) {
                throw MarqueeException.conflict("tenant name '%s' is taken", name);
            }
            if (operator && Sql.exists(connection, "SELECT 1 FROM tenants WHERE is_operator = ?", true)) {
                throw MarqueeException.conflict("an operator tenant already exists");
            }
            Sql.update(
                    connection,
                    "INSERT INTO tenants (" + COLUMNS + ") VALUES (?, ?, ?, ?)",
                    tenant.id(),
                    tenant.name(),
                    tenant.operator(),
                    tenant.createdAt());
            return tenant;
        });
    }

    @Override
    public Optional<Tenant> find(String id) {
        requireNonNull(id, "id is null");
        return database.read(
                "find tenant",
                connection -> Sql.first(
                        connection,
                        "SELECT " + COLUMNS + " FROM tenants WHERE id = ?",
                        JdbcTenantRepository::tenant,
                        id));
    }

    @Override
    public Optional<Tenant> findOperator() {
        return database.read(
                "find operator tenant",
                connection -> Sql.first(
                        connection,
                        "SELECT " + COLUMNS + " FROM tenants WHERE is_operator = ?",
                        JdbcTenantRepository::tenant,
                        true));
    }

    /** {@inheritDoc} Sorted by name. */
    @Override
    public List<Tenant> list() {
        List<Tenant> tenants = database.read(
                "list tenants",
                connection ->
                        Sql.list(connection, "SELECT " + COLUMNS + " FROM tenants", JdbcTenantRepository::tenant));
        // Sorted here rather than in SQL so that both databases agree whatever their collation.
        return tenants.stream().sorted(Comparator.comparing(Tenant::name)).toList();
    }

    private static Tenant tenant(ResultSet row) throws SQLException {
        return new Tenant(
                row.getString("id"),
                row.getString("name"),
                row.getBoolean("is_operator"),
                Sql.instant(row, "created_at"));
    }
}
