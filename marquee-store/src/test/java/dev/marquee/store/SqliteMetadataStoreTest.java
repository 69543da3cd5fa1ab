package dev.marquee.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metadata store contract on an SQLite file, plus what is particular to SQLite. */
class SqliteMetadataStoreTest extends MetadataStoreContractTest {
    @TempDir
    Path directory;

    @Override
    protected MetadataStore open(Clock clock) {
        return JdbcMetadataStore.openSqlite(databaseFile(), JdbcStoreSettings.defaults(), clock);
    }

    private Path databaseFile() {
        return directory.resolve("nested").resolve("metadata.db");
    }

    @Test
    void createsTheDatabaseFileAndItsDirectory() {
        assertThat(databaseFile()).isRegularFile();
    }

    @Test
    void databaseIsInWalModeAfterOpening() throws SQLException {
        assertThat(query("PRAGMA journal_mode")).isEqualTo("wal");
    }

    @Test
    void migrationsAreAppliedOnceAcrossReopens() throws SQLException {
        store.close();
        store = open(clock);
        store.close();
        store = open(clock);

        assertThat(query("SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1 AND version = '1'"))
                .isEqualTo("1");
    }

    @Test
    void upgradingFromVersionOneTurnsEachEndpointIntoOneFullRoute() throws SQLException {
        Path file = directory.resolve("v1.db");
        Flyway.configure(JdbcMetadataStore.class.getClassLoader())
                .dataSource("jdbc:sqlite:" + file, "", "")
                .locations("classpath:db/migration")
                .placeholders(Map.of("identityPrimaryKey", "INTEGER PRIMARY KEY AUTOINCREMENT"))
                .target("1")
                .load()
                .migrate();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO tenants VALUES ('tn_1', 'acme', false, 0)");
            statement.execute("INSERT INTO model_versions VALUES ('tn_1', 'churn', 2, '" + "a".repeat(64)
                    + "', 1, '{}', NULL, 0)");
            statement.execute("INSERT INTO endpoints VALUES ('tn_1', 'live', 'churn', 'champion', 2, 0, 0)");
        }

        try (MetadataStore upgraded = JdbcMetadataStore.openSqlite(file, JdbcStoreSettings.defaults(), clock)) {
            EndpointRecord endpoint = upgraded.endpoints().find("tn_1", "live").orElseThrow();
            assertThat(endpoint.routes()).containsExactly(new EndpointRoute("churn-v2", "churn", "champion", 2, 100));
            assertThat(endpoint.batching()).isEmpty();
        }
    }

    private String query(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + databaseFile());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
