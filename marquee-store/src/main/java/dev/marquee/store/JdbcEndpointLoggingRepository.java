package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.marquee.core.MarqueeException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** {@link EndpointLoggingRepository} over the {@code endpoint_request_logging} table. */
final class JdbcEndpointLoggingRepository implements EndpointLoggingRepository {
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() {};
    private static final String COLUMNS = "tenant_id, endpoint, sample_rate, personal_fields, updated_at";

    private final Database database;
    private final JsonColumns json;
    private final Clock clock;

    JdbcEndpointLoggingRepository(Database database, JsonColumns json, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.json = requireNonNull(json, "json is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public EndpointLoggingRecord put(String tenantId, String endpoint, EndpointLogging logging) {
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(logging, "logging is null");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String fields = json.write(logging.personalFields(), "personal fields");
        Object rate = logging.sampleRate().isPresent()
                ? (Object) logging.sampleRate().getAsDouble()
                : new Sql.TypedNull(Types.DOUBLE);
        return database.write("set endpoint request logging", connection -> {
            if (!Sql.exists(connection, "SELECT 1 FROM endpoints WHERE tenant_id = ? AND name = ?", tenantId, endpoint)) {
                throw MarqueeException.notFound("endpoint '%s' not found", endpoint);
            }
            Sql.update(
                    connection,
                    """
                    INSERT INTO endpoint_request_logging (tenant_id, endpoint, sample_rate, personal_fields, updated_at)
                    VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (tenant_id, endpoint) DO UPDATE SET sample_rate = excluded.sample_rate,
                        personal_fields = excluded.personal_fields, updated_at = excluded.updated_at""",
                    tenantId,
                    endpoint,
                    rate,
                    fields,
                    now);
            return new EndpointLoggingRecord(tenantId, endpoint, logging, now);
        });
    }

    @Override
    public Optional<EndpointLoggingRecord> find(String tenantId, String endpoint) {
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(endpoint, "endpoint is null");
        return database.read(
                "find endpoint request logging",
                connection -> Sql.first(
                        connection,
                        "SELECT " + COLUMNS + " FROM endpoint_request_logging WHERE tenant_id = ? AND endpoint = ?",
                        this::record,
                        tenantId,
                        endpoint));
    }

    private EndpointLoggingRecord record(ResultSet row) throws SQLException {
        double rate = row.getDouble("sample_rate");
        OptionalDouble sampleRate = row.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(rate);
        List<String> fields = json.read(row.getString("personal_fields"), NAMES, "personal fields");
        return new EndpointLoggingRecord(
                row.getString("tenant_id"),
                row.getString("endpoint"),
                new EndpointLogging(sampleRate, fields),
                Sql.instant(row, "updated_at"));
    }
}
