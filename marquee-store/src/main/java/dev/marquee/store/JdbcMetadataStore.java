package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.ErrorCode;
import dev.marquee.core.Json;
import dev.marquee.core.MarqueeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The {@link MetadataStore} over JDBC: embedded SQLite by default, PostgreSQL at scale. Opening a store applies the
 * Flyway migrations in {@code db/migration} (idempotent: reopening an up-to-date database changes nothing).
 *
 * <p>Every state change is one transaction. Timestamps are stored as epoch milliseconds, so every {@link
 * java.time.Instant} read back is truncated to milliseconds; records returned by create methods are truncated alike
 * and equal what a later find returns.
 *
 * <p>Thread-safe, and safe for virtual threads: waiting for a connection or for the SQLite write turn uses
 * {@code java.util.concurrent} primitives, never monitors. Failures of the database surface as {@link
 * MarqueeException} with code {@code INTERNAL} (or {@code UNAVAILABLE} when it stayed busy beyond the busy timeout
 * or the store is closed); their messages name the operation, never the values.
 */
public final class JdbcMetadataStore implements MetadataStore {
    private final Database database;
    private final TenantRepository tenants;
    private final ApiKeyRepository apiKeys;
    private final DatasetRepository datasets;
    private final TrainingJobRepository jobs;
    private final ModelRepository models;
    private final EndpointRepository endpoints;
    private final ExperimentRepository experiments;
    private final AuditRepository audit;
    private final EndpointLoggingRepository endpointLogging;
    private final PostedInteractionRepository postedInteractions;

    private JdbcMetadataStore(Database database, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        requireNonNull(clock, "clock is null");
        RandomIds ids = new RandomIds();
        JsonColumns json = new JsonColumns(Json.newObjectMapper());
        this.tenants = new JdbcTenantRepository(database, ids, clock);
        this.apiKeys = new JdbcApiKeyRepository(database, ids, clock);
        this.datasets = new JdbcDatasetRepository(database, ids, json, clock);
        this.jobs = new JdbcTrainingJobRepository(database, ids, json, clock);
        this.models = new JdbcModelRepository(database, json, clock);
        this.endpoints = new JdbcEndpointRepository(database, clock);
        this.experiments = new JdbcExperimentRepository(database);
        this.audit = new JdbcAuditRepository(database);
        this.endpointLogging = new JdbcEndpointLoggingRepository(database, json, clock);
        this.postedInteractions = new JdbcPostedInteractionRepository(database, clock);
    }

    /**
     * Opens (creating it and its parent directories if needed) and migrates an SQLite database file with the
     * {@linkplain JdbcStoreSettings#defaults() default settings} and the system clock.
     */
    public static MetadataStore openSqlite(Path databaseFile) {
        return openSqlite(databaseFile, JdbcStoreSettings.defaults(), Clock.systemUTC());
    }

    /**
     * Opens and migrates an SQLite database file. The database runs in WAL mode with {@code synchronous=FULL} and
     * foreign keys enforced; writes are serialised on one connection, reads use up to
     * {@code settings.maximumConnections()} others. One process should own the file; other processes may read it.
     *
     * @param clock the source of creation and update times
     */
    public static MetadataStore openSqlite(Path databaseFile, JdbcStoreSettings settings, Clock clock) {
        requireNonNull(databaseFile, "databaseFile is null");
        requireNonNull(settings, "settings is null");
        requireNonNull(clock, "clock is null");
        Path file = databaseFile.toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException failure) {
            throw new UncheckedIOException("cannot create the directory of " + file, failure);
        }
        String url = "jdbc:sqlite:" + file;

        SQLiteConfig writerConfig = new SQLiteConfig();
        writerConfig.setJournalMode(SQLiteConfig.JournalMode.WAL);
        writerConfig.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        writerConfig.enforceForeignKeys(true);
        writerConfig.setBusyTimeout(settings.busyTimeoutMillis());
        // Take the write lock when the transaction begins, not at its first write, so that a transaction never has
        // to give up half-way because another process upgraded first.
        writerConfig.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource writerSource = new SQLiteDataSource(writerConfig);
        writerSource.setUrl(url);
        migrate(writerSource, SqlDialect.SQLITE);

        // Readers leave journal_mode alone: it is persistent, set by the writer, and changing it needs a write.
        SQLiteConfig readerConfig = new SQLiteConfig();
        readerConfig.enforceForeignKeys(true);
        readerConfig.setBusyTimeout(settings.busyTimeoutMillis());
        SQLiteDataSource readerSource = new SQLiteDataSource(readerConfig);
        readerSource.setUrl(url);

        ConnectionPool writers = new ConnectionPool(writerSource::getConnection, 1, settings.busyTimeout());
        ConnectionPool readers = new ConnectionPool(
                () -> configured(readerSource, "PRAGMA query_only = ON"),
                settings.maximumConnections(),
                settings.busyTimeout());
        return new JdbcMetadataStore(new Database(SqlDialect.SQLITE, readers, writers), clock);
    }

    /**
     * Connects to and migrates a PostgreSQL database with the {@linkplain JdbcStoreSettings#defaults() default
     * settings} and the system clock.
     *
     * @param jdbcUrl e.g. {@code jdbc:postgresql://db:5432/marquee}; a {@code currentSchema} parameter selects the
     *     schema, which must exist
     */
    public static MetadataStore openPostgres(String jdbcUrl, String user, String password) {
        return openPostgres(jdbcUrl, user, password, JdbcStoreSettings.defaults(), Clock.systemUTC());
    }

    /**
     * Connects to and migrates a PostgreSQL database. Several servers may share it; Flyway serialises their
     * migrations with a database lock.
     *
     * @param clock the source of creation and update times
     */
    public static MetadataStore openPostgres(
            String jdbcUrl, String user, String password, JdbcStoreSettings settings, Clock clock) {
        requireNonNull(jdbcUrl, "jdbcUrl is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        requireNonNull(settings, "settings is null");
        requireNonNull(clock, "clock is null");
        // The URL is not echoed: it may carry a password.
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw MarqueeException.invalid("a PostgreSQL JDBC URL must start with 'jdbc:postgresql:'");
        }
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(jdbcUrl);
        source.setUser(user);
        source.setPassword(password);
        migrate(source, SqlDialect.POSTGRESQL);
        ConnectionPool pool = new ConnectionPool(
                () -> configured(source, "SET lock_timeout = " + settings.busyTimeoutMillis()),
                settings.maximumConnections(),
                settings.busyTimeout());
        return new JdbcMetadataStore(new Database(SqlDialect.POSTGRESQL, pool, pool), clock);
    }

    private static Connection configured(DataSource source, String setting) throws SQLException {
        Connection connection = source.getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute(setting);
            return connection;
        } catch (SQLException failure) {
            try {
                connection.close();
            } catch (SQLException closeFailure) {
                failure.addSuppressed(closeFailure);
            }
            throw failure;
        }
    }

    private static void migrate(DataSource source, SqlDialect dialect) {
        try {
            Flyway.configure(JdbcMetadataStore.class.getClassLoader())
                    .dataSource(source)
                    .locations("classpath:db/migration")
                    .failOnMissingLocations(true)
                    .placeholders(Map.of("identityPrimaryKey", dialect.identityPrimaryKey()))
                    .load()
                    .migrate();
        } catch (FlywayException failure) {
            throw new MarqueeException(
                    ErrorCode.INTERNAL, "cannot open or migrate the metadata database (" + dialect + ")", failure);
        }
    }

    @Override
    public TenantRepository tenants() {
        return tenants;
    }

    @Override
    public ApiKeyRepository apiKeys() {
        return apiKeys;
    }

    @Override
    public DatasetRepository datasets() {
        return datasets;
    }

    @Override
    public TrainingJobRepository jobs() {
        return jobs;
    }

    @Override
    public ModelRepository models() {
        return models;
    }

    @Override
    public EndpointRepository endpoints() {
        return endpoints;
    }

    @Override
    public ExperimentRepository experiments() {
        return experiments;
    }

    @Override
    public AuditRepository audit() {
        return audit;
    }

    @Override
    public EndpointLoggingRepository endpointLogging() {
        return endpointLogging;
    }

    @Override
    public PostedInteractionRepository postedInteractions() {
        return postedInteractions;
    }

    /** Closes idle connections at once and busy ones as their operations end; later calls fail UNAVAILABLE. */
    @Override
    public void close() {
        database.close();
    }
}
