package io.baseplate.jobs.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

import io.baseplate.api.command.BatchProgress;
import io.baseplate.api.command.CommandBus;
import io.baseplate.api.event.PlatformEvents;

/**
 * Batch counters, kept in the transaction that ends each child so they always agree with the
 * children. The batch's last child also writes the "done" event into the outbox there, so it is
 * delivered even if the process dies right after.
 */
final class Batches {

    private Batches() {
    }

    /** A batch as its tenant sees it. */
    record Progress(String id, String tenantId, String name, int total, int succeeded, int failed, Instant createdAt, Instant finishedAt) {

        int done() {
            return succeeded + failed;
        }

        BatchProgress view() {
            return new BatchProgress(id, name, total, succeeded, failed, createdAt, finishedAt);
        }
    }

    static void create(Connection connection, String id, String tenantId, String name, int total) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO JOB_BATCHES (ID, TENANT_ID, NAME, TOTAL, "
                + "SUCCEEDED, FAILED, CREATED_AT) VALUES (?, ?, ?, ?, 0, 0, ?)")) {
            insert.setString(1, id);
            insert.setString(2, tenantId);
            insert.setString(3, name);
            insert.setInt(4, total);
            insert.setTimestamp(5, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        }
    }

    /** Counts children that ended (successes, and failures: dead or cancelled); no-op for jobs outside any batch. */
    static void childrenEnded(Connection connection, String batchId, int succeeded, int failed) throws SQLException {
        if (batchId == null) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE JOB_BATCHES SET SUCCEEDED = SUCCEEDED + ?, FAILED = FAILED + ? WHERE ID = ?")) {
            update.setInt(1, succeeded);
            update.setInt(2, failed);
            update.setString(3, batchId);
            update.executeUpdate();
        }
        Progress progress = find(connection, batchId, null);
        if (progress != null && progress.done() >= progress.total() && progress.finishedAt() == null) {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE JOB_BATCHES SET FINISHED_AT = ? WHERE ID = ? AND FINISHED_AT IS NULL")) {
                update.setTimestamp(1, Timestamp.from(Instant.now()));
                update.setString(2, batchId);
                if (update.executeUpdate() == 1) {
                    OutboxRows.insert(connection, progress.tenantId(), CommandBus.BATCH_TOPIC, batchId, eventProperties(progress));
                }
            }
        }
    }

    /** A child retried through the API is no longer counted as ended. */
    static void childReopened(Connection connection, String batchId) throws SQLException {
        if (batchId == null) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE JOB_BATCHES SET FAILED = FAILED - 1, FINISHED_AT = NULL WHERE ID = ? AND FAILED > 0")) {
            update.setString(1, batchId);
            update.executeUpdate();
        }
    }

    /** The batch, of the tenant if one is given. */
    static Progress find(Connection connection, String batchId, String tenantId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT ID, TENANT_ID, NAME, TOTAL, SUCCEEDED, FAILED, "
                + "CREATED_AT, FINISHED_AT FROM JOB_BATCHES WHERE ID = ?" + (tenantId == null ? "" : " AND TENANT_ID = ?"))) {
            select.setString(1, batchId);
            if (tenantId != null) {
                select.setString(2, tenantId);
            }
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                Timestamp finished = row.getTimestamp(8);
                return new Progress(row.getString(1), row.getString(2), row.getString(3), row.getInt(4), row.getInt(5),
                        row.getInt(6), row.getTimestamp(7).toInstant(), finished == null ? null : finished.toInstant());
            }
        }
    }

    static Map<String, Object> eventProperties(Progress progress) {
        return Map.of("batchId", progress.id(), "total", progress.total(), "succeeded", progress.succeeded(),
                "failed", progress.failed(), "done", progress.done(),
                PlatformEvents.TIMESTAMP, System.currentTimeMillis());
    }
}
