package io.baseplate.persistence.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.baseplate.core.persistence.DatabaseProducts;
import io.baseplate.core.persistence.SqlScripts;
import io.baseplate.core.support.Digests;

/**
 * Applies one unit's {@code V<n>__<description>.sql} scripts in version order, each once, each in one
 * transaction with its history row in {@code BASEPLATE_MIGRATIONS}, keyed by unit (a bundle's symbolic
 * name) and version, with the SHA-256 of the script's text. Before applying anything it checks the unit's
 * applied scripts: one changed since, or no longer shipped, refuses the whole unit.
 *
 * <p>On PostgreSQL a failing script leaves nothing behind. On H2 DDL commits at once, so a script that
 * fails after its first CREATE keeps what it created, though it is not recorded as applied.
 *
 * <p>Why not Flyway or Liquibase: Flyway ships no OSGi manifest, and Liquibase would add about six
 * bundles for plain SQL files.
 */
final class MigrationRunner {

    /** One script as a bundle ships it. */
    record Script(String name, String sql) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(MigrationRunner.class);

    private static final Pattern NAME = Pattern.compile("V(\\d{1,9})__[\\w-]+\\.sql");

    /** The key of the PostgreSQL advisory lock held while migrating: "Baseplat" in ASCII. */
    private static final long ADVISORY_LOCK = 0x42617365706C6174L;

    /**
     * Serialises migrations within this JVM, which is all an embedded H2 needs: H2's file lock keeps a
     * second process out of the database.
     */
    private static final ReentrantLock JVM_LOCK = new ReentrantLock();

    private final DataSource dataSource;

    MigrationRunner(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * @return how many scripts were applied now
     * @throws MigrationRefusedException if a name is invalid, an applied script was changed or removed,
     *                                   or a script failed
     */
    int migrate(String unit, List<Script> scripts) throws MigrationRefusedException, SQLException {
        Map<Integer, Script> byVersion = byVersion(unit, scripts);
        try (Connection connection = dataSource.getConnection()) {
            if (DatabaseProducts.isPostgreSQL(connection)) {
                return migrateLockedOnPostgres(connection, unit, byVersion);
            }
            JVM_LOCK.lock();
            try {
                return migrateLocked(connection, unit, byVersion);
            } finally {
                JVM_LOCK.unlock();
            }
        }
    }

    private int migrateLockedOnPostgres(Connection connection, String unit, Map<Integer, Script> scripts)
            throws MigrationRefusedException, SQLException {
        // A session lock: every node migrating the same database waits here, whatever its unit.
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
            lock.setLong(1, ADVISORY_LOCK);
            lock.execute();
        }
        try {
            return migrateLocked(connection, unit, scripts);
        } finally {
            unlock(connection);
        }
    }

    /** The lock belongs to the session, which outlives this borrow of the pooled connection: always release it. */
    private static void unlock(Connection connection) throws SQLException {
        try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            unlock.setLong(1, ADVISORY_LOCK);
            unlock.execute();
        } catch (SQLException e) {
            // Ending the session is the only other way to release the lock; the pool then drops the connection.
            connection.abort(Runnable::run);
            throw e;
        }
    }

    private int migrateLocked(Connection connection, String unit, Map<Integer, Script> scripts)
            throws MigrationRefusedException, SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS BASEPLATE_MIGRATIONS (UNIT VARCHAR(255) NOT NULL, "
                    + "VERSION INTEGER NOT NULL, SCRIPT VARCHAR(255) NOT NULL, CHECKSUM VARCHAR(64) NOT NULL, "
                    + "APPLIED_AT TIMESTAMP NOT NULL, PRIMARY KEY (UNIT, VERSION))");
        }
        Map<Integer, Applied> applied = applied(connection, unit);
        for (Applied done : applied.values()) {
            verify(unit, done, scripts.get(done.version()));
        }
        int count = 0;
        for (Map.Entry<Integer, Script> pending : scripts.entrySet()) {
            if (!applied.containsKey(pending.getKey())) {
                apply(connection, unit, pending.getKey(), pending.getValue());
                count++;
            }
        }
        return count;
    }

    private static void verify(String unit, Applied done, Script shipped) throws MigrationRefusedException {
        if (shipped == null) {
            throw new MigrationRefusedException("migration " + done.script() + " of " + unit + " was applied on "
                    + done.appliedAt() + " but the bundle no longer ships it; restore the original script "
                    + "and add a new migration for any change");
        }
        if (!checksum(shipped.sql()).equals(done.checksum())) {
            throw new MigrationRefusedException("migration " + shipped.name() + " of " + unit
                    + " was changed after it was applied on " + done.appliedAt()
                    + "; restore the original script and add a new migration for the change");
        }
    }

    private void apply(Connection connection, String unit, int version, Script script)
            throws MigrationRefusedException, SQLException {
        long start = System.nanoTime();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement();
             PreparedStatement record = connection.prepareStatement("INSERT INTO BASEPLATE_MIGRATIONS "
                     + "(UNIT, VERSION, SCRIPT, CHECKSUM, APPLIED_AT) VALUES (?, ?, ?, ?, ?)")) {
            for (String sql : SqlScripts.statements(script.sql())) {
                statement.execute(sql);
            }
            record.setString(1, unit);
            record.setInt(2, version);
            record.setString(3, script.name());
            record.setString(4, checksum(script.sql()));
            record.setTimestamp(5, Timestamp.from(Instant.now()));
            record.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw new MigrationRefusedException("migration " + script.name() + " of " + unit + " failed: "
                    + e.getMessage(), e);
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        LOG.info("Applied migration {} to {} in {} ms", script.name(), unit,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    private static Map<Integer, Applied> applied(Connection connection, String unit) throws SQLException {
        Map<Integer, Applied> applied = new TreeMap<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT VERSION, SCRIPT, CHECKSUM, APPLIED_AT FROM BASEPLATE_MIGRATIONS WHERE UNIT = ?")) {
            query.setString(1, unit);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    applied.put(rows.getInt(1), new Applied(rows.getInt(1), rows.getString(2), rows.getString(3),
                            rows.getTimestamp(4).toInstant()));
                }
            }
        }
        return applied;
    }

    private record Applied(int version, String script, String checksum, Instant appliedAt) {
    }

    private static Map<Integer, Script> byVersion(String unit, List<Script> scripts) throws MigrationRefusedException {
        Map<Integer, Script> byVersion = new TreeMap<>();
        for (Script script : scripts) {
            Script twin = byVersion.put(versionOf(unit, script.name()), script);
            if (twin != null) {
                throw new MigrationRefusedException("migrations " + twin.name() + " and " + script.name() + " of "
                        + unit + " have the same version; give each script its own version");
            }
        }
        return byVersion;
    }

    static int versionOf(String unit, String name) throws MigrationRefusedException {
        Matcher matcher = NAME.matcher(name);
        if (!matcher.matches()) {
            throw new MigrationRefusedException("migration script " + name + " of " + unit
                    + " is not named like V1__description.sql (letters, digits, _ and - in the description)");
        }
        return Integer.parseInt(matcher.group(1));
    }

    /** SHA-256 of the text with line endings as \n, so a checkout's line-ending conversion is no change. */
    static String checksum(String sql) {
        return Digests.sha256Hex(sql.replace("\r\n", "\n").replace('\r', '\n'));
    }
}
