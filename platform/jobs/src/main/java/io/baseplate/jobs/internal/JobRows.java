package io.baseplate.jobs.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

import io.baseplate.api.command.CommandRequest;
import io.baseplate.api.persistence.Persistence;

/**
 * Writes submitted commands into JOBS on a connection whose transaction belongs to the caller: the
 * queue's own for {@code CommandBus.submit}, a domain change's for the outbox. A new job's state
 * follows from the request: chained after a job, scheduled for later, or due now (queued if a
 * handler of its type is installed here, else waiting for one).
 */
final class JobRows {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> PAYLOAD = new TypeReference<>() {
    };
    private static final int INSERT_BATCH = 1_000;
    private static final TimeBasedEpochGenerator JOB_IDS = Generators.timeBasedEpochGenerator();
    private static final String INSERT = "INSERT INTO JOBS (ID, TENANT_ID, TYPE, PAYLOAD, STATUS, ATTEMPTS, "
            + "MAX_ATTEMPTS, RUN_AT, DEDUPE_KEY, PARENT_JOB_ID, BATCH_ID, CREATED_AT, UPDATED_AT, SCHEDULED_AT) "
            + "VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)";

    private JobRows() {
    }

    /**
     * A new job's id: a version 7 UUID (RFC 9562), which starts with its creation time. Ids of jobs
     * created together are neighbours in the primary key, so a batch of inserts writes a few of its
     * pages instead of one page per job, as random ids would.
     */
    static String newJobId() {
        return JOB_IDS.generate().toString();
    }

    /**
     * Inserts the job, or finds the tenant's job with the same dedupe key.
     *
     * @return the job id
     */
    static String insert(Connection connection, CommandRequest request, String batchId, Predicate<String> handled)
            throws SQLException {
        if (request.dedupeKey() != null) {
            String earlier = idByDedupeKey(connection, request.tenantId(), request.dedupeKey());
            if (earlier != null) {
                return earlier;
            }
        }
        Instant now = Persistence.now();
        JobStatus status = initialStatus(connection, request, now, handled);
        String id = newJobId();
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            bind(insert, id, request, status, batchId, now);
            insert.executeUpdate();
        }
        return id;
    }

    /**
     * Inserts a batch: its counters and its children, in JDBC batches, on the caller's transaction.
     *
     * @return the batch id
     */
    static String insertBatch(Connection connection, String tenantId, String name, List<CommandRequest> children,
                              Predicate<String> handled) throws SQLException {
        if (children == null || children.isEmpty()) {
            throw new IllegalArgumentException("A batch needs at least one command");
        }
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("A batch needs a name of at most 200 characters");
        }
        for (CommandRequest child : children) {
            if (!tenantId.equals(child.tenantId())) {
                throw new IllegalArgumentException("Every command of a batch belongs to the batch's tenant");
            }
            if (child.dedupeKey() != null) {
                throw new IllegalArgumentException("Commands of a batch have no dedupe key: the batch is submitted once");
            }
        }
        String batchId = UUID.randomUUID().toString();
        Batches.create(connection, batchId, tenantId, name, children.size());
        Instant now = Persistence.now();
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            int pending = 0;
            for (CommandRequest child : children) {
                bind(insert, newJobId(), child, initialStatus(connection, child, now, handled), batchId, now);
                insert.addBatch();
                if (++pending == INSERT_BATCH) {
                    insert.executeBatch();
                    pending = 0;
                }
            }
            insert.executeBatch();
        }
        return batchId;
    }

    /** Binds one row of {@link #INSERT}, for batch inserts of many children. */
    static void bind(PreparedStatement insert, String id, CommandRequest request, JobStatus status, String batchId,
                     Instant now) throws SQLException {
        Timestamp created = Timestamp.from(now);
        insert.setString(1, id);
        insert.setString(2, request.tenantId());
        insert.setString(3, request.type());
        insert.setString(4, toJson(request.payload()));
        insert.setString(5, status.name());
        if (request.maxAttempts() == null) {
            insert.setNull(6, java.sql.Types.INTEGER);
        } else {
            insert.setInt(6, request.maxAttempts());
        }
        Timestamp runAt = request.runAt() == null ? created : Timestamp.from(request.runAt());
        insert.setTimestamp(7, runAt);
        insert.setString(8, request.dedupeKey());
        insert.setString(9, request.afterJobId());
        insert.setString(10, batchId);
        insert.setTimestamp(11, created);
        insert.setTimestamp(12, created);
        insert.setTimestamp(13, status == JobStatus.SCHEDULED ? runAt : null);
    }

    static JobStatus initialStatus(Connection connection, CommandRequest request, Instant now, Predicate<String> handled)
            throws SQLException {
        if (request.afterJobId() != null) {
            JobStatus parent = statusOf(connection, request.tenantId(), request.afterJobId());
            if (parent == null) {
                throw new IllegalArgumentException("No job '" + request.afterJobId() + "' of this tenant to run after");
            }
            if (parent == JobStatus.DEAD || parent == JobStatus.CANCELLED) {
                return JobStatus.CANCELLED;
            }
            if (parent != JobStatus.SUCCEEDED) {
                return JobStatus.AWAITING_PARENT;
            }
        }
        if (request.runAt() != null && request.runAt().isAfter(now)) {
            return JobStatus.SCHEDULED;
        }
        return handled.test(request.type()) ? JobStatus.QUEUED : JobStatus.WAITING_FOR_HANDLER;
    }

    static String idByDedupeKey(Connection connection, String tenantId, String dedupeKey) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT ID FROM JOBS WHERE TENANT_ID = ? AND DEDUPE_KEY = ?")) {
            select.setString(1, tenantId);
            select.setString(2, dedupeKey);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    private static JobStatus statusOf(Connection connection, String tenantId, String jobId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT STATUS FROM JOBS WHERE ID = ? AND TENANT_ID = ?")) {
            select.setString(1, jobId);
            select.setString(2, tenantId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? JobStatus.valueOf(row.getString(1)) : null;
            }
        }
    }

    static Map<String, String> payloadOf(String json) {
        try {
            return JSON.readValue(json, PAYLOAD);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("Stored job payload is not a JSON object of strings", e);
        }
    }

    static String toJson(Map<String, String> payload) {
        try {
            return JSON.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Payload cannot be stored as JSON", e);
        }
    }
}
