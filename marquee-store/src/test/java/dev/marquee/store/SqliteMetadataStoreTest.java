package dev.marquee.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
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

    private String query(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + databaseFile());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
