package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import dev.marquee.core.ModelManifest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@link ModelRepository} over the {@code model_versions} and {@code model_aliases} tables; manifests are stored as
 * JSON. A model exists as long as it has a version.
 */
final class JdbcModelRepository implements ModelRepository {
    /** Starts with a letter, so an alias can never be mistaken for a version number. */
    private static final Pattern ALIAS = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,62}");

    private static final String COLUMNS =
            "tenant_id, model_name, version, artifact_sha256, artifact_size_bytes, manifest, job_id, created_at,"
                    + " format, upload";

    private final Database database;
    private final JsonColumns json;
    private final Clock clock;

    JdbcModelRepository(Database database, JsonColumns json, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.json = requireNonNull(json, "json is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * {@inheritDoc} NOT_FOUND for an unknown tenant; INVALID_ARGUMENT for a blank name, a malformed sha256 or a
     * negative size.
     */
    @Override
    public ModelVersionRecord createVersion(
            String tenantId,
            String modelName,
            String artifactSha256,
            long artifactSizeBytes,
            ModelManifest manifest,
            Optional<String> jobId,
            ModelFormat format) {
        requireNonNull(jobId, "jobId is null");
        requireNonNull(format, "format is null");
        if (format.uploaded()) {
            throw new IllegalArgumentException("a trained model version cannot have the uploaded format " + format);
        }
        return insert(tenantId, modelName, artifactSha256, artifactSizeBytes, manifest, jobId, format,
                Optional.empty());
    }

    /**
     * {@inheritDoc} NOT_FOUND for an unknown tenant; INVALID_ARGUMENT for a blank name, a malformed sha256, a
     * negative size or the {@link ModelFormat#MARQUEE} format.
     */
    @Override
    public ModelVersionRecord createUploadedVersion(
            String tenantId,
            String modelName,
            String artifactSha256,
            long artifactSizeBytes,
            ModelManifest manifest,
            ModelFormat format,
            UploadedModel upload) {
        requireNonNull(format, "format is null");
        requireNonNull(upload, "upload is null");
        if (!format.uploaded()) {
            throw MarqueeException.invalid("an uploaded model must be onnx or xgboost, not %s", format.wireName());
        }
        return insert(tenantId, modelName, artifactSha256, artifactSizeBytes, manifest, Optional.empty(), format,
                Optional.of(upload));
    }

    private ModelVersionRecord insert(
            String tenantId,
            String modelName,
            String artifactSha256,
            long artifactSizeBytes,
            ModelManifest manifest,
            Optional<String> jobId,
            ModelFormat format,
            Optional<UploadedModel> upload) {
        requireNonNull(tenantId, "tenantId is null");
        Sql.requireNotBlank(requireNonNull(modelName, "modelName is null"), "model name");
        Sha256.requireValid(requireNonNull(artifactSha256, "artifactSha256 is null"), "artifact sha256");
        requireNonNull(manifest, "manifest is null");
        if (artifactSizeBytes < 0) {
            throw MarqueeException.invalid("artifact size must not be negative: %s", artifactSizeBytes);
        }
        String manifestJson = json.write(manifest, "model manifest");
        Optional<String> uploadJson = upload.map(details -> json.write(details, "uploaded model"));
        Instant createdAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return database.write("register model version", connection -> {
            Sql.requireTenant(connection, tenantId);
            int version = Sql.nextVersion(connection, tenantId, "model", modelName);
            Sql.update(
                    connection,
                    "INSERT INTO model_versions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    tenantId,
                    modelName,
                    version,
                    artifactSha256,
                    artifactSizeBytes,
                    manifestJson,
                    Sql.textOrNull(jobId),
                    createdAt,
                    format.wireName(),
                    Sql.textOrNull(uploadJson));
            return new ModelVersionRecord(
                    tenantId, modelName, version, artifactSha256, artifactSizeBytes, manifest, jobId, createdAt,
                    format, upload);
        });
    }

    @Override
    public Optional<ModelVersionRecord> findVersion(String tenantId, String modelName, int version) {
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(modelName, "modelName is null");
        return database.read(
                "find model version",
                connection -> Sql.first(
                        connection,
                        "SELECT " + COLUMNS + " FROM model_versions"
                                + " WHERE tenant_id = ? AND model_name = ? AND version = ?",
                        this::modelVersion,
                        tenantId,
                        modelName,
                        version));
    }

    @Override
    public List<ModelVersionRecord> listVersions(String tenantId, String modelName) {
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(modelName, "modelName is null");
        return database.read(
                "list model versions",
                connection -> Sql.list(
                        connection,
                        "SELECT " + COLUMNS + " FROM model_versions WHERE tenant_id = ? AND model_name = ?"
                                + " ORDER BY version DESC",
                        this::modelVersion,
                        tenantId,
                        modelName));
    }

    @Override
    public List<String> listModelNames(String tenantId) {
        requireNonNull(tenantId, "tenantId is null");
        List<String> names = database.read(
                "list models",
                connection -> Sql.list(
                        connection,
                        "SELECT DISTINCT model_name FROM model_versions WHERE tenant_id = ?",
                        row -> row.getString(1),
                        tenantId));
        // Sorted here rather than in SQL so that both databases agree whatever their collation.
        return names.stream().sorted().toList();
    }

    /**
     * {@inheritDoc} INVALID_ARGUMENT unless the alias matches {@code [A-Za-z][A-Za-z0-9_-]{0,62}}; NOT_FOUND when the
     * version does not exist.
     */
    @Override
    public void setAlias(String tenantId, String modelName, String alias, int version) {
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(modelName, "modelName is null");
        requireNonNull(alias, "alias is null");
        if (!ALIAS.matcher(alias).matches()) {
            throw MarqueeException.invalid(
                    "alias '%s' must start with a letter and contain at most 63 letters, digits, '_' or '-'", alias);
        }
        database.write("set model alias", connection -> {
            requireVersion(connection, tenantId, modelName, version);
            Sql.update(
                    connection,
                    """
                    INSERT INTO model_aliases (tenant_id, model_name, alias, version) VALUES (?, ?, ?, ?)
                    ON CONFLICT (tenant_id, model_name, alias) DO UPDATE SET version = excluded.version""",
                    tenantId,
                    modelName,
                    alias,
                    version);
            return null;
        });
    }

    @Override
    public boolean deleteAlias(String tenantId, String modelName, String alias) {
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(modelName, "modelName is null");
        requireNonNull(alias, "alias is null");
        return database.write(
                "delete model alias",
                connection -> Sql.update(
                                connection,
                                "DELETE FROM model_aliases WHERE tenant_id = ? AND model_name = ? AND alias = ?",
                                tenantId,
                                modelName,
                                alias)
                        > 0);
    }

    /** {@inheritDoc} Ordered by alias name. */
    @Override
    public Map<String, Integer> aliases(String tenantId, String modelName) {
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(modelName, "modelName is null");
        List<Map.Entry<String, Integer>> entries = database.read(
                "list model aliases",
                connection -> Sql.list(
                        connection,
                        "SELECT alias, version FROM model_aliases WHERE tenant_id = ? AND model_name = ?",
                        row -> Map.entry(row.getString("alias"), row.getInt("version")),
                        tenantId,
                        modelName));
        Map<String, Integer> aliases = new LinkedHashMap<>();
        entries.stream().sorted(Map.Entry.comparingByKey(Comparator.naturalOrder())).forEach(entry -> aliases.put(
                entry.getKey(), entry.getValue()));
        return Collections.unmodifiableMap(aliases);
    }

    @Override
    public Optional<Integer> resolveAlias(String tenantId, String modelName, String alias) {
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(modelName, "modelName is null");
        requireNonNull(alias, "alias is null");
        return database.read(
                "resolve model alias",
                connection -> Sql.first(
                        connection,
                        "SELECT version FROM model_aliases WHERE tenant_id = ? AND model_name = ? AND alias = ?",
                        row -> row.getInt(1),
                        tenantId,
                        modelName,
                        alias));
    }

    /** Throws NOT_FOUND unless the version exists; called inside transactions that point at a version. */
    static void requireVersion(Connection connection, String tenantId, String modelName, int version)
            throws SQLException {
        if (!Sql.exists(
                connection,
                "SELECT 1 FROM model_versions WHERE tenant_id = ? AND model_name = ? AND version = ?",
                tenantId,
                modelName,
                version)) {
            throw MarqueeException.notFound("model '%s' has no version %s", modelName, version);
        }
    }

    private ModelVersionRecord modelVersion(ResultSet row) throws SQLException {
        return new ModelVersionRecord(
                row.getString("tenant_id"),
                row.getString("model_name"),
                row.getInt("version"),
                row.getString("artifact_sha256"),
                row.getLong("artifact_size_bytes"),
                json.read(row.getString("manifest"), ModelManifest.class, "model manifest"),
                Sql.optionalString(row, "job_id"),
                Sql.instant(row, "created_at"),
                ModelFormat.parse("format", row.getString("format")),
                Sql.optionalString(row, "upload")
                        .map(upload -> json.read(upload, UploadedModel.class, "uploaded model")));
    }
}
