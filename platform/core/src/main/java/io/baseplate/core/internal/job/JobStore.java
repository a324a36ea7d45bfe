package io.baseplate.core.internal.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.sql.DataSource;

/**
 * The worker's view of the job table: claims, completions and crash recovery across all tenants,
 * in plain SQL, because workers act for every tenant and claiming must be one atomic
 * compare-and-set (later {@code FOR UPDATE SKIP LOCKED} on PostgreSQL).
 */
final class JobStore {

    /** A job a worker has claimed. */
    record ClaimedJob(String id, String tenantId, String type, String payload, int attempt) {
    }

    private final DataSource dataSource;

    JobStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Claims up to {@code limit} of the oldest queued jobs whose type has a handler now. */
    List<ClaimedJob> claim(Collection<String> types, int limit) throws SQLException {
        List<ClaimedJob> claimed = new ArrayList<>();
        if (types.isEmpty() || limit <= 0) {
            return claimed;
        }
        String placeholders = String.join(",", types.stream().map(t -> "?").toList());
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT ID, TENANT_ID, TYPE, PAYLOAD, ATTEMPTS FROM JOBS "
                     + "WHERE STATUS = 'QUEUED' AND TYPE IN (" + placeholders + ") ORDER BY CREATED_AT LIMIT ?");
             PreparedStatement update = connection.prepareStatement("UPDATE JOBS SET STATUS = 'RUNNING', "
                     + "ATTEMPTS = ATTEMPTS + 1, UPDATED_AT = ? WHERE ID = ? AND STATUS = 'QUEUED'")) {
            int index = 1;
            for (String type : types) {
                select.setString(index++, type);
            }
            select.setInt(index, limit);
            List<ClaimedJob> candidates = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    candidates.add(new ClaimedJob(rows.getString(1), rows.getString(2), rows.getString(3),
                            rows.getString(4), rows.getInt(5) + 1));
                }
            }
            for (ClaimedJob job : candidates) {
                update.setTimestamp(1, Timestamp.from(Instant.now()));
                update.setString(2, job.id());
                if (update.executeUpdate() == 1) {
                    claimed.add(job);
                }
            }
        }
        return claimed;
    }

    void finish(String jobId, JobStatus status, String result, String error) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE JOBS SET STATUS = ?, RESULT = ?, "
                     + "LAST_ERROR = ?, UPDATED_AT = ? WHERE ID = ? AND STATUS = 'RUNNING'")) {
            update.setString(1, status.name());
            update.setString(2, result);
            update.setString(3, error == null ? null : truncate(error, 2000));
            update.setTimestamp(4, Timestamp.from(Instant.now()));
            update.setString(5, jobId);
            update.executeUpdate();
        }
    }

    /**
     * Puts jobs that were running back in the queue: at start-up for a previous process that
     * died, and at shutdown for jobs that did not finish in time. Handlers are idempotent by job id.
     */
    int requeue(Collection<String> jobIds) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE JOBS SET STATUS = 'QUEUED', UPDATED_AT = ? WHERE ID = ? AND STATUS = 'RUNNING'")) {
            int count = 0;
            for (String id : jobIds) {
                update.setTimestamp(1, Timestamp.from(Instant.now()));
                update.setString(2, id);
                count += update.executeUpdate();
            }
            return count;
        }
    }

    int requeueAllRunning() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE JOBS SET STATUS = 'QUEUED', UPDATED_AT = ? WHERE STATUS = 'RUNNING'")) {
            update.setTimestamp(1, Timestamp.from(Instant.now()));
            return update.executeUpdate();
        }
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
