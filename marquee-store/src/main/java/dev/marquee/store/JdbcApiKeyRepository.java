package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** {@link ApiKeyRepository} over the {@code api_keys} table. Scopes are stored as sorted comma-separated names. */
final class JdbcApiKeyRepository implements ApiKeyRepository {
    private static final String COLUMNS = "id, tenant_id, name, scopes, created_at, revoked_at";

    private final Database database;
    private final RandomIds ids;
    private final Clock clock;

    JdbcApiKeyRepository(Database database, RandomIds ids, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.ids = requireNonNull(ids, "ids is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * {@inheritDoc} NOT_FOUND for an unknown tenant, INVALID_ARGUMENT for empty scopes or a hash that is not 64
     * lowercase hex characters, CONFLICT when a key with the same token hash exists.
     */
    @Override
    public ApiKey create(String tenantId, String name, Set<Scope> scopes, String tokenSha256) {
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(name, "name is null");
        requireNonNull(scopes, "scopes is null");
        Sha256.requireValid(requireNonNull(tokenSha256, "tokenSha256 is null"), "token sha256");
        if (scopes.isEmpty()) {
            throw MarqueeException.invalid("an API key needs at least one scope");
        }
        ApiKey key = new ApiKey(
                ids.next("key_"),
                tenantId,
                name,
                scopes,
                clock.instant().truncatedTo(ChronoUnit.MILLIS),
                Optional.empty());
        return database.write("create API key", connection -> {
            Sql.requireTenant(connection, tenantId);
            if (Sql.exists(connection, "SELECT 1 FROM api_keys WHERE token_sha256 = ?", tokenSha256)) {
                throw MarqueeException.conflict("an API key with this token already exists");
            }
            Sql.update(
                    connection,
                    "INSERT INTO api_keys (id, tenant_id, name, scopes, token_sha256, created_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?)",
                    key.id(),
                    key.tenantId(),
                    key.name(),
                    encode(key.scopes()),
                    tokenSha256,
                    key.createdAt());
            return key;
        });
    }

    @Override
    public Optional<ApiKey> findActiveByHash(String tokenSha256) {
        requireNonNull(tokenSha256, "tokenSha256 is null");
        return database.read(
                "find API key",
                connection -> Sql.first(
                        connection,
                        "SELECT " + COLUMNS + " FROM api_keys WHERE token_sha256 = ? AND revoked_at IS NULL",
                        JdbcApiKeyRepository::apiKey,
                        tokenSha256));
    }

    @Override
    public Optional<ApiKey> find(String tenantId, String keyId) {
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(keyId, "keyId is null");
        return database.read(
                "find API key",
                connection -> Sql.first(
                        connection,
                        "SELECT " + COLUMNS + " FROM api_keys WHERE tenant_id = ? AND id = ?",
                        JdbcApiKeyRepository::apiKey,
                        tenantId,
                        keyId));
    }

    /** {@inheritDoc} Oldest first. */
    @Override
    public List<ApiKey> list(String tenantId) {
        requireNonNull(tenantId, "tenantId is null");
        return database.read(
                "list API keys",
                connection -> Sql.list(
                        connection,
                        "SELECT " + COLUMNS + " FROM api_keys WHERE tenant_id = ? ORDER BY created_at, id",
                        JdbcApiKeyRepository::apiKey,
                        tenantId));
    }

    @Override
    public boolean revoke(String tenantId, String keyId, Instant at) {
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(keyId, "keyId is null");
        requireNonNull(at, "at is null");
        return database.write(
                "revoke API key",
                connection -> Sql.update(
                                connection,
                                "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?)"
                                        + " WHERE tenant_id = ? AND id = ?",
                                at,
                                tenantId,
                                keyId)
                        > 0);
    }

    private static String encode(Set<Scope> scopes) {
        return scopes.stream().map(Scope::name).sorted().collect(Collectors.joining(","));
    }

    private static Set<Scope> decode(String scopes) {
        Set<Scope> decoded = EnumSet.noneOf(Scope.class);
        Arrays.stream(scopes.split(",")).map(Scope::valueOf).forEach(decoded::add);
        return decoded;
    }

    private static ApiKey apiKey(ResultSet row) throws SQLException {
        return new ApiKey(
                row.getString("id"),
                row.getString("tenant_id"),
                row.getString("name"),
                decode(row.getString("scopes")),
                Sql.instant(row, "created_at"),
                Sql.optionalInstant(row, "revoked_at"));
    }
}
