package dev.marquee.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The metadata store contract on a real PostgreSQL server, each test in a schema of its own that is dropped
 * afterwards. The server is {@code MARQUEE_TEST_POSTGRES_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/test},
 * user {@code MARQUEE_TEST_POSTGRES_USER}, default {@code postgres}, password {@code MARQUEE_TEST_POSTGRES_PASSWORD},
 * default empty); the tests are skipped only when it cannot be reached.
 */
class PostgresMetadataStoreTest extends MetadataStoreContractTest {
    private static final String URL = setting("MARQUEE_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String USER = setting("MARQUEE_TEST_POSTGRES_USER", "postgres");
    private static final String PASSWORD = setting("MARQUEE_TEST_POSTGRES_PASSWORD", "");

    private String schema;

    @BeforeAll
    static void requireReachableServer() {
        try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD)) {
            Assumptions.assumeTrue(connection.isValid(2), "PostgreSQL at " + URL + " does not answer");
        } catch (SQLException unreachable) {
            Assumptions.abort("PostgreSQL at " + URL + " is unreachable: " + unreachable.getMessage());
        }
    }

    @Override
    protected MetadataStore open(Clock clock) {
        if (schema == null) {
            schema = "marquee_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
            execute("CREATE SCHEMA " + schema);
        }
        return JdbcMetadataStore.openPostgres(
                URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                USER,
                PASSWORD,
                JdbcStoreSettings.defaults(),
                clock);
    }

    @Override
    protected void dropDatabase() {
        if (schema != null) {
            execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Test
    void migrationsAreAppliedOnceAcrossReopens() throws SQLException {
        store.close();
        store = open(clock);
        store.close();
        store = open(clock);

        try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + schema
                        + ".flyway_schema_history WHERE success AND version = '1'")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException failure) {
            throw new IllegalStateException("cannot run: " + sql, failure);
        }
    }

    private static String setting(String name, String defaultValue) {
        return Optional.ofNullable(System.getenv(name)).orElse(defaultValue);
    }
}
