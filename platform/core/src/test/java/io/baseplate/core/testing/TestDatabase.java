package io.baseplate.core.testing;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import jakarta.persistence.EntityManagerFactory;

import org.h2.jdbcx.JdbcConnectionPool;

import io.baseplate.api.persistence.Persistence;
import io.baseplate.core.persistence.EntityManagerFactories;
import io.baseplate.core.persistence.SqlScripts;
import io.baseplate.core.persistence.TransactionalPersistence;

/**
 * A migrated H2 database for a unit test, without OSGi: the module's own {@code db/migration}
 * scripts from the test class path, run in version order, and a {@link Persistence} over the given
 * entity classes, built as the platform builds it.
 */
public final class TestDatabase implements AutoCloseable {

    private final JdbcConnectionPool pool;
    private EntityManagerFactory factory;

    private TestDatabase(String url) throws SQLException {
        pool = JdbcConnectionPool.create(url, "sa", "");
        migrate();
    }

    /** A fresh in-memory database. */
    public static TestDatabase inMemory() throws SQLException {
        return new TestDatabase("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    /** A file database in a directory, opened as production opens it, for measurements where memory would flatter storage. */
    public static TestDatabase inDirectory(Path directory) throws SQLException {
        // WRITE_DELAY=0: each commit is written at once, as a durable deployment must have it.
        return new TestDatabase("jdbc:h2:file:" + directory.toAbsolutePath().resolve("baseplate")
                + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
    }

    public DataSource dataSource() {
        return pool;
    }

    /** A Persistence over these entity classes; one per database. */
    public Persistence persistence(Class<?>... entities) {
        factory = EntityManagerFactories.create("test-" + UUID.randomUUID(), pool, entities[0].getClassLoader(),
                Arrays.stream(entities).map(Class::getName).toList());
        return new TransactionalPersistence(factory);
    }

    @Override
    public void close() {
        if (factory != null) {
            factory.close();
        }
        pool.dispose();
    }

    private void migrate() throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            for (Path script : scripts()) {
                for (String sql : SqlScripts.statements(Files.readString(script))) {
                    statement.execute(sql);
                }
            }
        } catch (IOException e) {
            throw new SQLException("Cannot read the migrations", e);
        }
    }

    private static List<Path> scripts() throws IOException {
        URL folder = TestDatabase.class.getClassLoader().getResource("db/migration");
        if (folder == null) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
            return files.filter(file -> file.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted(Comparator.comparingInt(TestDatabase::version)).toList();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    private static int version(Path script) {
        String name = script.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }
}
