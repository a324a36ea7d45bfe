package io.baseplate.persistence.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * A fresh PostgreSQL database for one test, created through the admin database named by the system
 * property {@value #ADMIN_URL} and dropped on close.
 */
final class PostgresDatabase implements AutoCloseable {

    static final String ADMIN_URL = "baseplate.test.postgresql";
    static final String USER = "postgres";

    private final String adminUrl = System.getProperty(ADMIN_URL);
    private final String name = "bp_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    private final String url;

    PostgresDatabase() throws SQLException {
        execute(adminUrl, "CREATE DATABASE " + name);
        int query = adminUrl.indexOf('?');
        String base = query < 0 ? adminUrl : adminUrl.substring(0, query);
        url = base.substring(0, base.lastIndexOf('/') + 1) + name + (query < 0 ? "" : adminUrl.substring(query));
    }

    /** A pool built as {@link Database} builds the platform's. */
    HikariDataSource pool(int size) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(Database.driverDataSource(url, USER, ""));
        config.setMaximumPoolSize(size);
        return new HikariDataSource(config);
    }

    @Override
    public void close() throws SQLException {
        execute(adminUrl, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection connection = Database.driverDataSource(url, USER, "").getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
