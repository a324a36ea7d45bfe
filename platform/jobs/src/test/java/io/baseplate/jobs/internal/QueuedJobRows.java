package io.baseplate.jobs.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

/** Writes queued jobs straight into JOBS in JDBC batches, for backlogs too large to submit one by one. */
final class QueuedJobRows {

    private QueuedJobRows() {
    }

    /**
     * Inserts {@code count} queued jobs of one tenant and type, created one millisecond apart from
     * {@code firstCreatedAt}, and returns their ids, oldest first.
     */
    static List<String> insert(DataSource dataSource, String tenantId, String type, String payload, int count,
                               Instant firstCreatedAt) throws SQLException {
        List<String> ids = new ArrayList<>(count);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO JOBS (ID, TENANT_ID, TYPE, PAYLOAD, "
                     + "STATUS, ATTEMPTS, RUN_AT, CREATED_AT, UPDATED_AT) VALUES (?, ?, ?, ?, 'QUEUED', 0, ?, ?, ?)")) {
            for (int i = 0; i < count; i++) {
                String id = UUID.randomUUID().toString();
                Timestamp createdAt = Timestamp.from(firstCreatedAt.plusMillis(i));
                insert.setString(1, id);
                insert.setString(2, tenantId);
                insert.setString(3, type);
                insert.setString(4, payload);
                insert.setTimestamp(5, createdAt);
                insert.setTimestamp(6, createdAt);
                insert.setTimestamp(7, createdAt);
                insert.addBatch();
                ids.add(id);
                if (ids.size() % 1_000 == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
        return ids;
    }
}
