package io.baseplate.core.internal.persistence;

import java.nio.file.Path;
import java.sql.SQLException;

import org.h2.jdbcx.JdbcConnectionPool;

/**
 * A migrated H2 file database in a directory, opened as {@link Database} opens production's, for
 * measurements where the in-memory database would flatter storage costs.
 */
public final class FileDatabase implements AutoCloseable {

    private final JdbcConnectionPool pool;

    public FileDatabase(Path directory) throws SQLException {
        // WRITE_DELAY=0: each commit is written at once, as a durable deployment must have it.
        pool = JdbcConnectionPool.create("jdbc:h2:file:" + directory.toAbsolutePath().resolve("baseplate")
                + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0", "sa", "");
        new SchemaMigrator(pool, FileDatabase.class.getClassLoader()).migrate();
    }

    public JdbcConnectionPool dataSource() {
        return pool;
    }

    /** Inserts a tenant row directly, as the tenant-owned tables reference it. */
    public void createTenant(String tenantId) throws SQLException {
        InMemoryDatabase.insertTenant(pool, tenantId);
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
