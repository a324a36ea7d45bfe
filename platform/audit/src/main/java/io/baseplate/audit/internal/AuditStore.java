package io.baseplate.audit.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.PersistenceException;
import jakarta.persistence.Query;

import io.baseplate.api.persistence.Persistence;
import io.baseplate.api.security.AuditEntry;

/** AUDIT_LOG: batches of entries in, pages of entries out. */
final class AuditStore {

    private static final String COLUMNS = "ID, AT, TENANT_ID, KEY_PREFIX, USER_ID, METHOD, ROUTE, STATUS, CLIENT, LATENCY_MICROS";

    private static final String INSERT = "INSERT INTO AUDIT_LOG (ID, AT, TENANT_ID, KEY_PREFIX, USER_ID, METHOD, ROUTE, STATUS, CLIENT,"
            + " LATENCY_MICROS) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final Persistence persistence;

    AuditStore(Persistence persistence) {
        this.persistence = persistence;
    }

    /**
     * Writes a batch in one transaction: all of it or, when it throws, none of it. One JDBC batch of plain
     * inserts on the transaction's connection: every request adds an entry, and building, tracking and
     * flushing an entity per entry cost more CPU than the request it records (bench: 26% of the audited GET's
     * throughput with persist, see README "Performance").
     */
    void insert(List<AuditEntry> batch) {
        persistence.inPlatform(em -> {
            try (PreparedStatement insert = em.unwrap(Connection.class).prepareStatement(INSERT)) {
                for (AuditEntry entry : batch) {
                    insert.setString(1, UUID.randomUUID().toString());
                    insert.setTimestamp(2, Timestamp.from(storedInstant(entry.at())));
                    insert.setString(3, entry.tenantId());
                    insert.setString(4, truncate(entry.keyPrefix(), 64));
                    insert.setString(5, truncate(entry.userId(), 64));
                    insert.setString(6, truncate(entry.method(), 16));
                    insert.setString(7, truncate(entry.route(), 300));
                    insert.setInt(8, entry.status());
                    insert.setString(9, truncate(entry.client(), 64));
                    insert.setLong(10, entry.latencyMicros());
                    insert.addBatch();
                }
                insert.executeBatch();
            } catch (SQLException e) {
                throw new PersistenceException("Could not write " + batch.size() + " audit entries", e);
            }
            return null;
        });
    }

    /**
     * A page, newest first by (AT, ID). Filters are bound parameters; the query reads one entry beyond
     * the limit to know whether a next page exists.
     */
    AuditPage page(AuditQuery query) {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM AUDIT_LOG WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        condition(sql, parameters, "TENANT_ID = ?", query.tenantId());
        condition(sql, parameters, "AT >= ?", query.from() == null ? null : Timestamp.from(query.from()));
        condition(sql, parameters, "AT < ?", query.to() == null ? null : Timestamp.from(query.to()));
        condition(sql, parameters, "STATUS = ?", query.status());
        condition(sql, parameters, "METHOD = ?", query.method());
        condition(sql, parameters, "ROUTE = ?", query.route());
        condition(sql, parameters, "KEY_PREFIX = ?", query.keyPrefix());
        condition(sql, parameters, "USER_ID = ?", query.userId());
        if (query.after() != null) {
            Timestamp at = Timestamp.from(query.after().at());
            sql.append(" AND (AT < ?").append(parameters.size() + 1)
                    .append(" OR (AT = ?").append(parameters.size() + 2)
                    .append(" AND ID < ?").append(parameters.size() + 3).append("))");
            parameters.add(at);
            parameters.add(at);
            parameters.add(query.after().id());
        }
        sql.append(" ORDER BY AT DESC, ID DESC");
        List<AuditPage.Item> items = persistence.inPlatform(em -> {
            Query select = em.createNativeQuery(sql.toString());
            for (int i = 0; i < parameters.size(); i++) {
                select.setParameter(i + 1, parameters.get(i));
            }
            select.setMaxResults(query.limit() + 1);
            List<AuditPage.Item> rows = new ArrayList<>();
            for (Object result : select.getResultList()) {
                rows.add(item((Object[]) result));
            }
            return rows;
        });
        if (items.size() <= query.limit()) {
            return new AuditPage(items, null);
        }
        List<AuditPage.Item> page = List.copyOf(items.subList(0, query.limit()));
        AuditPage.Item last = page.get(page.size() - 1);
        return new AuditPage(page, new AuditCursor(last.at(), last.id()).encode());
    }

    /** Entries are stored, and compared by cursors, at microsecond precision, as both databases keep them. */
    /** Values longer than their column are cut, so one odd request cannot fail the batch it is in. */
    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    static Instant storedInstant(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    private static void condition(StringBuilder sql, List<Object> parameters, String column, Object value) {
        if (value != null) {
            parameters.add(value);
            sql.append(" AND ").append(column).append(parameters.size());
        }
    }

    private static AuditPage.Item item(Object[] row) {
        return new AuditPage.Item((String) row[0], instant(row[1]), (String) row[2], (String) row[3], (String) row[4],
                (String) row[5], (String) row[6], ((Number) row[7]).intValue(), (String) row[8],
                ((Number) row[9]).longValue());
    }

    private static Instant instant(Object value) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof LocalDateTime local) {
            return Timestamp.valueOf(local).toInstant();
        }
        throw new IllegalStateException("AUDIT_LOG.AT read as " + value.getClass().getName());
    }
}
