package io.baseplate.tools.migrationcost;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

/**
 * A minimal per-module equivalent of the platform's SchemaMigrator
 * (platform/core/.../persistence/SchemaMigrator.java), plus what Liquibase also does on every
 * start: it checks that an applied script has not changed (SHA-256 of the script's bytes).
 * Scripts live in {@code db/migration/<module>/}, listed in that folder's {@code index}.
 */
final class OwnRunner {

    private final DataSource dataSource;
    private final ClassLoader scripts;

    OwnRunner(DataSource dataSource, ClassLoader scripts) {
        this.dataSource = dataSource;
        this.scripts = scripts;
    }

    /** @return how many scripts of the module were applied now */
    int migrate(String module) throws SQLException {
        String folder = "db/migration/" + module + "/";
        try (Connection connection = dataSource.getConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS SCHEMA_VERSION (MODULE VARCHAR(50) NOT NULL, "
                        + "VERSION INTEGER NOT NULL, SCRIPT VARCHAR(255) NOT NULL, CHECKSUM VARCHAR(64) NOT NULL, "
                        + "APPLIED_AT TIMESTAMP NOT NULL, PRIMARY KEY (MODULE, VERSION))");
            }
            Map<Integer, String> applied = appliedChecksums(connection, module);
            int count = 0;
            for (String script : scriptNames(folder)) {
                int version = versionOf(script);
                byte[] bytes = read(folder + script);
                String checksum = sha256(bytes);
                String recorded = applied.get(version);
                if (recorded == null) {
                    apply(connection, module, version, script, checksum, new String(bytes, StandardCharsets.UTF_8));
                    count++;
                } else if (!recorded.equals(checksum)) {
                    throw new IllegalStateException("Migration " + module + "/" + script
                            + " was changed after it was applied (checksum " + recorded + ", now " + checksum + ")");
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

    private List<String> scriptNames(String folder) {
        List<String> names = new ArrayList<>();
        for (String line : new String(read(folder + "index"), StandardCharsets.UTF_8).split("\\R")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.strip());
            }
        }
        names.sort((a, b) -> Integer.compare(versionOf(a), versionOf(b)));
        return names;
    }

    private void apply(Connection connection, String module, int version, String script, String checksum, String sql)
            throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement();
             PreparedStatement record = connection.prepareStatement("INSERT INTO SCHEMA_VERSION "
                     + "(MODULE, VERSION, SCRIPT, CHECKSUM, APPLIED_AT) VALUES (?, ?, ?, ?, ?)")) {
            for (String each : statements(sql)) {
                statement.execute(each);
            }
            record.setString(1, module);
            record.setInt(2, version);
            record.setString(3, script);
            record.setString(4, checksum);
            record.setTimestamp(5, Timestamp.from(Instant.now()));
            record.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw new SQLException("Migration " + module + "/" + script + " failed: " + e.getMessage(), e);
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static Map<Integer, String> appliedChecksums(Connection connection, String module) throws SQLException {
        Map<Integer, String> checksums = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT VERSION, CHECKSUM FROM SCHEMA_VERSION WHERE MODULE = ?")) {
            statement.setString(1, module);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    checksums.put(rows.getInt(1), rows.getString(2));
                }
            }
        }
        return checksums;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] read(String resource) {
        try (InputStream in = scripts.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing migration resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
