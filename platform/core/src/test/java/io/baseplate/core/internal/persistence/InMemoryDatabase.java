package io.baseplate.core.internal.persistence;

import java.sql.SQLException;
import java.util.UUID;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcConnectionPool;

/** A fresh, migrated H2 in-memory database per test: the real schema, no OSGi. */
public final class InMemoryDatabase implements AutoCloseable {

    private final JdbcConnectionPool pool;

    public InMemoryDatabase() throws SQLException {
        pool = JdbcConnectionPool.create("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        new SchemaMigrator(pool, InMemoryDatabase.class.getClassLoader()).migrate();
    }

    public JdbcConnectionPool dataSource() {
        return pool;
    }

    /** Inserts a tenant row directly, as the tenant-owned tables reference it. */
    public void createTenant(String tenantId) throws SQLException {
        insertTenant(pool, tenantId);
    }

    static void insertTenant(DataSource dataSource, String tenantId) throws SQLException {
        try (var connection = dataSource.getConnection();
             var insert = connection.prepareStatement("INSERT INTO TENANTS (ID, NAME, CREATED_AT) VALUES (?, ?, CURRENT_TIMESTAMP)")) {
            insert.setString(1, tenantId);
            insert.setString(2, "tenant-" + tenantId);
            insert.executeUpdate();
        }
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
