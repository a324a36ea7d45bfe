package io.baseplate.persistence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.baseplate.persistence.internal.MigrationRunner.Script;

/** Runs with -Dbaseplate.test.postgresql=jdbc:postgresql://127.0.0.1:5432/postgres; skipped otherwise. */
@EnabledIfSystemProperty(named = PostgresDatabase.ADMIN_URL, matches = "jdbc:postgresql:.+")
@Timeout(60)
class MigrationRunnerPostgresTest {

    private static final Script V1 = new Script("V1__create_runs.sql", """
            CREATE TABLE RUNS (SCRIPT INTEGER NOT NULL);
            -- long enough for the other node to try at the same time
            SELECT pg_sleep(0.3);
            INSERT INTO RUNS (SCRIPT) VALUES (1);
            """);
    private static final Script V2 = new Script("V2__second_run.sql", "INSERT INTO RUNS (SCRIPT) VALUES (2);\n");

    private PostgresDatabase database;
    private final List<HikariDataSource> pools = new ArrayList<>();

    @BeforeEach
    void createDatabase() throws SQLException {
        database = new PostgresDatabase();
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        pools.forEach(HikariDataSource::close);
        database.close();
    }

    @Test
    void appliesRecordsAndVerifiesAsOnH2() throws Exception {
        DataSource pool = pool();
        MigrationRunner runner = new MigrationRunner(pool);
        assertEquals(2, runner.migrate("io.example.runs", List.of(V2, V1)));
        assertEquals(0, runner.migrate("io.example.runs", List.of(V1, V2)));
        assertEquals(List.of("1 V1__create_runs.sql", "2 V2__second_run.sql"), query(pool,
                "SELECT VERSION || ' ' || SCRIPT FROM BASEPLATE_MIGRATIONS WHERE UNIT = 'io.example.runs' ORDER BY VERSION"));
        MigrationRefusedException refused = assertThrows(MigrationRefusedException.class, () -> runner.migrate(
                "io.example.runs", List.of(V1, new Script(V2.name(), "INSERT INTO RUNS (SCRIPT) VALUES (3);"))));
        assertTrue(refused.getMessage().contains("V2__second_run.sql of io.example.runs was changed after it was applied"));
    }

    @Test
    void aFailedScriptLeavesNeitherItsChangesNorItsHistoryRow() throws Exception {
        DataSource pool = pool();
        MigrationRunner runner = new MigrationRunner(pool);
        Script broken = new Script("V1__broken.sql", "CREATE TABLE HALF (ID INTEGER);\nINSERT INTO MISSING VALUES (1);\n");
        MigrationRefusedException refused = assertThrows(MigrationRefusedException.class,
                () -> runner.migrate("io.example.broken", List.of(broken)));
        assertTrue(refused.getMessage().startsWith("migration V1__broken.sql of io.example.broken failed: "));
        assertEquals(List.of("0"), query(pool, "SELECT COUNT(*) FROM BASEPLATE_MIGRATIONS"));
        assertEquals(List.of("0"), query(pool, "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'half'"));
        assertEquals(List.of("f"), query(pool, "SELECT CAST(EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory') AS CHAR(1))"),
                "the advisory lock was released");
        assertEquals(1, runner.migrate("io.example.broken", List.of(new Script("V1__broken.sql", "CREATE TABLE HALF (ID INTEGER);"))));
    }

    @Test
    void twoNodesStartingTogetherApplyEachScriptOnce() throws Exception {
        MigrationRunner first = new MigrationRunner(pool());
        MigrationRunner second = new MigrationRunner(pool());
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            Callable<Integer> node1 = () -> {
                go.await();
                return first.migrate("io.example.runs", List.of(V1, V2));
            };
            Callable<Integer> node2 = () -> {
                go.await();
                return second.migrate("io.example.runs", List.of(V1, V2));
            };
            Future<Integer> applied1 = nodes.submit(node1);
            Future<Integer> applied2 = nodes.submit(node2);
            go.countDown();
            assertEquals(2, applied1.get(30, TimeUnit.SECONDS) + applied2.get(30, TimeUnit.SECONDS),
                    "between them, each script applied once");
        } finally {
            nodes.shutdownNow();
        }
        DataSource pool = pools.get(0);
        assertEquals(List.of("1", "2"), query(pool, "SELECT SCRIPT FROM RUNS ORDER BY SCRIPT"), "each script ran once");
        assertEquals(List.of("2"), query(pool, "SELECT COUNT(*) FROM BASEPLATE_MIGRATIONS"));
    }

    private DataSource pool() {
        HikariDataSource pool = database.pool(2);
        pools.add(pool);
        return pool;
    }

    private static List<String> query(DataSource pool, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = pool.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
