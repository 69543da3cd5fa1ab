package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.DatasetProfile;
import dev.marquee.core.MarqueeException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** {@link DatasetRepository} over the {@code datasets} table; profiles are stored as JSON. */
final class JdbcDatasetRepository implements DatasetRepository {
    private static final String COLUMNS = "id, tenant_id, name, version, sha256, size_bytes, profile, created_at, kind, interactions";

    private final Database database;
    private final RandomIds ids;
    private final JsonColumns json;
    private final Clock clock;

    JdbcDatasetRepository(Database database, RandomIds ids, JsonColumns json, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.ids = requireNonNull(ids, "ids is null");
        this.json = requireNonNull(json, "json is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * {@inheritDoc} NOT_FOUND for an unknown tenant; INVALID_ARGUMENT for a blank name, a malformed sha256 or a
     * negative size.
     */
    @Override
    public DatasetRecord create(String tenantId, String name, String sha256, long sizeBytes, DatasetProfile profile,
            DatasetKind kind, Optional<InteractionSummary> interactions) {
        return insert(tenantId, name, sha256, sizeBytes, profile, kind, interactions, 0);
    }

    /** {@inheritDoc} NOT_FOUND for an unknown tenant; CONFLICT when {@code base} is no longer the newest version. */
    @Override
    public DatasetRecord createNext(DatasetRecord base, String sha256, long sizeBytes, DatasetProfile profile,
            Optional<InteractionSummary> interactions) {
        requireNonNull(base, "base is null");
        return insert(base.tenantId(), base.name(), sha256, sizeBytes, profile, base.kind(), interactions,
                base.version() + 1);
    }

    /** {@code expectedVersion} 0 takes the next version, whatever it is; else only that version. */
    private DatasetRecord insert(String tenantId, String name, String sha256, long sizeBytes, DatasetProfile profile,
            DatasetKind kind, Optional<InteractionSummary> interactions, int expectedVersion) {
        requireNonNull(tenantId, "tenantId is null");
        Sql.requireNotBlank(requireNonNull(name, "name is null"), "dataset name");
        Sha256.requireValid(requireNonNull(sha256, "sha256 is null"), "dataset sha256");
        requireNonNull(profile, "profile is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(interactions, "interactions is null");
        if ((kind == DatasetKind.INTERACTIONS) != interactions.isPresent()) {
            throw new IllegalArgumentException("an interaction dataset, and only one, has an interaction summary");
        }
        if (sizeBytes < 0) {
            throw MarqueeException.invalid("dataset size must not be negative: %s", sizeBytes);
        }
        String id = ids.next("ds_");
        String profileJson = json.write(profile, "dataset profile");
        Optional<String> interactionsJson = interactions.map(summary -> json.write(summary, "interaction summary"));
        Instant createdAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return database.write("create dataset", connection -> {
            Sql.requireTenant(connection, tenantId);
            int version = Sql.nextVersion(connection, tenantId, "dataset", name);
            if (expectedVersion != 0 && version != expectedVersion) {
                throw MarqueeException.conflict(
                        "dataset '%s' has a version newer than v%d; append to the newest version (v%d)",
                        name, expectedVersion - 1, version - 1);
            }
            Sql.update(
                    connection,
                    "INSERT INTO datasets (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    id,
                    tenantId,
                    name,
                    version,
                    sha256,
                    sizeBytes,
                    profileJson,
                    createdAt,
                    kind.wireName(),
                    Sql.textOrNull(interactionsJson));
            return new DatasetRecord(
                    id, tenantId, name, version, sha256, sizeBytes, profile, createdAt, kind, interactions);
        });
    }

    @Override
    public Optional<DatasetRecord> find(String tenantId, String datasetId) {
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(datasetId, "datasetId is null");
        return database.read(
                "find dataset",
                connection -> Sql.first(
                        connection,
                        "SELECT " + COLUMNS + " FROM datasets WHERE tenant_id = ? AND id = ?",
                        this::dataset,
                        tenantId,
                        datasetId));
    }

    /** {@inheritDoc} Records created in the same millisecond come by name, then newest version first. */
    @Override
    public List<DatasetRecord> list(String tenantId) {
        requireNonNull(tenantId, "tenantId is null");
        return database.read(
                "list datasets",
                connection -> Sql.list(
                        connection,
                        "SELECT " + COLUMNS + " FROM datasets WHERE tenant_id = ?"
                                + " ORDER BY created_at DESC, name, version DESC",
                        this::dataset,
                        tenantId));
    }

    private DatasetRecord dataset(ResultSet row) throws SQLException {
        return new DatasetRecord(
                row.getString("id"),
                row.getString("tenant_id"),
                row.getString("name"),
                row.getInt("version"),
                row.getString("sha256"),
                row.getLong("size_bytes"),
                json.read(row.getString("profile"), DatasetProfile.class, "dataset profile"),
                Sql.instant(row, "created_at"),
                DatasetKind.parse("kind", row.getString("kind")),
                Sql.optionalString(row, "interactions")
                        .map(text -> json.read(text, InteractionSummary.class, "interaction summary")));
    }
}
