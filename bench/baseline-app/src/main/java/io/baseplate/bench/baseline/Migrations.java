package io.baseplate.bench.baseline;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

/**
 * The platform's SQL migrations, copied from platform/{tenancy,payments,jobs}, applied with plain
 * JDBC in version order, each once and in its own transaction, and recorded with a checksum in the
 * same BASEPLATE_MIGRATIONS table under the bundle's symbolic name, as the persistence extender does.
 * The list is fixed here, in the order the platform's bundles start.
 */
final class Migrations {

    private record Unit(String name, String folder, List<String> scripts) {
    }

    private static final List<Unit> UNITS = List.of(
            new Unit("io.baseplate.tenancy", "tenancy", List.of("V1__tenants_and_keys.sql", "V2__role_names.sql")),
            new Unit("io.baseplate.payments", "payments", List.of("V1__payments.sql", "V2__no_cross_module_keys.sql")),
            new Unit("io.baseplate.jobs", "jobs", List.of("V1__jobs.sql", "V2__no_cross_module_keys.sql")));

    private Migrations() {
    }

    static int migrate(DataSource dataSource) throws SQLException {
        int count = 0;
        try (Connection connection = dataSource.getConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS BASEPLATE_MIGRATIONS (UNIT VARCHAR(255) NOT NULL, "
                        + "VERSION INTEGER NOT NULL, SCRIPT VARCHAR(255) NOT NULL, CHECKSUM VARCHAR(64) NOT NULL, "
                        + "APPLIED_AT TIMESTAMP NOT NULL, PRIMARY KEY (UNIT, VERSION))");
            }
            for (Unit unit : UNITS) {
                Map<Integer, String> applied = applied(connection, unit.name());
                for (String script : unit.scripts()) {
                    int version = Integer.parseInt(script.substring(1, script.indexOf("__")));
                    String sql = read("/db/migration/" + unit.folder() + "/" + script);
                    String checksum = Db.sha256Hex(sql.replace("\r\n", "\n").replace('\r', '\n'));
                    String done = applied.get(version);
                    if (done != null) {
                        if (!done.equals(checksum)) {
                            throw new IllegalStateException("migration " + script + " of " + unit.name()
                                    + " was changed after it was applied");
                        }
                        continue;
                    }
                    apply(connection, unit.name(), version, script, sql, checksum);
                    count++;
                }
            }
        }
        return count;
    }

    private static void apply(Connection connection, String unit, int version, String script, String sql,
                              String checksum) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement();
             PreparedStatement record = connection.prepareStatement("INSERT INTO BASEPLATE_MIGRATIONS "
                     + "(UNIT, VERSION, SCRIPT, CHECKSUM, APPLIED_AT) VALUES (?, ?, ?, ?, ?)")) {
            for (String each : statements(sql)) {
                statement.execute(each);
            }
            record.setString(1, unit);
            record.setInt(2, version);
            record.setString(3, script);
            record.setString(4, checksum);
            record.setTimestamp(5, Timestamp.from(Instant.now()));
            record.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static Map<Integer, String> applied(Connection connection, String unit) throws SQLException {
        Map<Integer, String> applied = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT VERSION, CHECKSUM FROM BASEPLATE_MIGRATIONS WHERE UNIT = ?")) {
            query.setString(1, unit);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    applied.put(rows.getInt(1), rows.getString(2));
                }
            }
        }
        return applied;
    }

    /** As the platform's SqlScripts: a statement ends with ';' at the end of a line; '--' lines are comments. */
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

    private static String read(String resource) {
        try (InputStream in = Migrations.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing migration " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
