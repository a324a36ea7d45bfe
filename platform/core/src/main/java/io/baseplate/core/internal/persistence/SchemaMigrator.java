package io.baseplate.core.internal.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

/**
 * Applies {@code db/migration/V<n>__<description>.sql} scripts in version order, each in its own
 * transaction, and records them in {@code SCHEMA_VERSION}. A script is never re-run; scripts are
 * listed in {@code db/migration/index} because a bundle's class loader cannot list a folder portably.
 *
 * <p>Why not Flyway or Liquibase: Flyway ships no OSGi manifest, and Liquibase would add about six
 * bundles for what is, so far, a handful of plain SQL files.
 */
final class SchemaMigrator {

    private static final String FOLDER = "db/migration/";

    private final DataSource dataSource;
    private final ClassLoader scripts;

    SchemaMigrator(DataSource dataSource, ClassLoader scripts) {
        this.dataSource = dataSource;
        this.scripts = scripts;
    }

    /** @return how many scripts were applied now */
    int migrate() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS SCHEMA_VERSION (VERSION INTEGER PRIMARY KEY, "
                        + "SCRIPT VARCHAR(255) NOT NULL, APPLIED_AT TIMESTAMP NOT NULL)");
            }
            Set<Integer> applied = appliedVersions(connection);
            int count = 0;
            for (String script : scriptNames()) {
                int version = versionOf(script);
                if (!applied.contains(version)) {
                    apply(connection, version, script);
                    count++;
                }
            }
            return count;
        }
    }

    static int versionOf(String script) {
        if (!script.matches("V\\d+__[\\w-]+\\.sql")) {
            throw new IllegalArgumentException("Migration script name must look like V1__description.sql: " + script);
        }
        return Integer.parseInt(script.substring(1, script.indexOf("__")));
    }

    static List<String> statements(String sql) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                statements.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    private List<String> scriptNames() {
        List<String> names = new ArrayList<>();
        for (String line : read(FOLDER + "index").split("\\R")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.strip());
            }
        }
        names.sort((a, b) -> Integer.compare(versionOf(a), versionOf(b)));
        return names;
    }

    private void apply(Connection connection, int version, String script) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement();
             PreparedStatement record = connection.prepareStatement(
                     "INSERT INTO SCHEMA_VERSION (VERSION, SCRIPT, APPLIED_AT) VALUES (?, ?, ?)")) {
            for (String sql : statements(read(FOLDER + script))) {
                statement.execute(sql);
            }
            record.setInt(1, version);
            record.setString(2, script);
            record.setTimestamp(3, Timestamp.from(Instant.now()));
            record.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw new SQLException("Migration " + script + " failed: " + e.getMessage(), e);
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static Set<Integer> appliedVersions(Connection connection) throws SQLException {
        Set<Integer> versions = new HashSet<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT VERSION FROM SCHEMA_VERSION")) {
            while (rows.next()) {
                versions.add(rows.getInt(1));
            }
        }
        return versions;
    }

    private String read(String resource) {
        try (InputStream in = scripts.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing migration resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
