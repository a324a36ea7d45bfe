package io.baseplate.jobs.internal;

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
 *
 * <p>Claiming serves tenants round-robin, so one tenant's backlog delays another tenant's job by at
 * most one round, and costs the same at any backlog: every claim query is a seek in
 * {@code IX_JOBS_CLAIM} (STATUS, TYPE, TENANT_ID, CREATED_AT) or by primary key, and payloads are
 * read only for the jobs claimed.
 */
final class JobStore {

    /**
     * The oldest queued job of one type of the first tenant after a cursor: the first entry of the
     * index after it. The ORDER BY repeats the equality columns so that H2 sees the index serves it.
     * On PostgreSQL it takes {@code FOR UPDATE SKIP LOCKED}, within the claim's per-job transaction.
     */
    static final String NEXT_QUEUED_JOB = "SELECT TENANT_ID, ID, CREATED_AT FROM JOBS "
            + "WHERE STATUS = 'QUEUED' AND TYPE = ? AND TENANT_ID > ? "
            + "ORDER BY STATUS, TYPE, TENANT_ID, CREATED_AT LIMIT 1";
    static final String CLAIM_JOB = "UPDATE JOBS SET STATUS = 'RUNNING', ATTEMPTS = ATTEMPTS + 1, UPDATED_AT = ? "
            + "WHERE ID = ? AND STATUS = 'QUEUED'";
    static final String CLAIMED_JOB = "SELECT PAYLOAD, ATTEMPTS FROM JOBS WHERE ID = ?";

    private static final String BEFORE_FIRST_TENANT = "";

    /** A job a worker has claimed. */
    record ClaimedJob(String id, String tenantId, String type, String payload, int attempt) {
    }

    private record Candidate(String id, String tenantId, String type, Timestamp createdAt) {
    }

    private final DataSource dataSource;
    /** The tenant served last; the next claim starts with the tenant after it. */
    private volatile String tenantCursor = BEFORE_FIRST_TENANT;

    JobStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Claims up to {@code limit} queued jobs whose type has a handler now, one at a time round-robin
     * over the tenants that have such jobs: each step takes the oldest job of the tenant after the
     * one served last, wrapping around. Stops early when the queue holds no such job, or after
     * {@code limit} jobs were taken by other claimers first.
     */
    List<ClaimedJob> claim(Collection<String> types, int limit) throws SQLException {
        List<ClaimedJob> claimed = new ArrayList<>();
        if (types.isEmpty() || limit <= 0) {
            return claimed;
        }
        List<String> handledTypes = List.copyOf(types);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement next = connection.prepareStatement(NEXT_QUEUED_JOB);
             PreparedStatement claim = connection.prepareStatement(CLAIM_JOB);
             PreparedStatement read = connection.prepareStatement(CLAIMED_JOB)) {
            boolean autoCommit = connection.getAutoCommit();
            // One transaction per job: a failed payload read puts the job back, and a claimer
            // never holds more than one row lock, so concurrent claimers cannot deadlock.
            connection.setAutoCommit(false);
            try {
                int lostRaces = 0;
                while (claimed.size() < limit && lostRaces < limit) {
                    Candidate candidate = nextCandidate(next, handledTypes, tenantCursor);
                    if (candidate == null && !tenantCursor.equals(BEFORE_FIRST_TENANT)) {
                        candidate = nextCandidate(next, handledTypes, BEFORE_FIRST_TENANT);
                    }
                    if (candidate == null) {
                        break;
                    }
                    tenantCursor = candidate.tenantId();
                    ClaimedJob job = tryClaim(claim, read, candidate);
                    connection.commit();
                    if (job == null) {
                        lostRaces++;
                    } else {
                        claimed.add(job);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                // Jobs claimed before the failure are committed as RUNNING: hand them over rather
                // than strand them; the failure, if it lasts, surfaces on the next claim.
                if (claimed.isEmpty()) {
                    throw e;
                }
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
        return claimed;
    }

    /** The oldest queued job, of any of the types, of the first tenant after {@code cursor}; null if none. */
    private static Candidate nextCandidate(PreparedStatement next, List<String> types, String cursor)
            throws SQLException {
        Candidate first = null;
        for (String type : types) {
            next.setString(1, type);
            next.setString(2, seekBoundAfter(cursor));
            try (ResultSet row = next.executeQuery()) {
                if (row.next()) {
                    Candidate candidate = new Candidate(row.getString(2), row.getString(1), type, row.getTimestamp(3));
                    if (first == null || precedes(candidate, first)) {
                        first = candidate;
                    }
                }
            }
        }
        return first;
    }

    /**
     * H2 starts a {@code >} range at the bound itself and steps over every row equal to it, here the
     * previous tenant's whole backlog. Tenant ids (UUIDs) hold no control characters, so the bound
     * {@code cursor + U+0001} selects the same tenants and the seek lands on the next one directly
     * (U+0000, the exact successor, is not allowed in PostgreSQL text).
     */
    static String seekBoundAfter(String tenantCursor) {
        return tenantCursor.isEmpty() ? tenantCursor : tenantCursor + '\u0001';
    }

    /** Java's string order agrees with the database's on UUIDs: hex digits, dashes at fixed places. */
    private static boolean precedes(Candidate candidate, Candidate other) {
        int byTenant = candidate.tenantId().compareTo(other.tenantId());
        return byTenant < 0 || byTenant == 0 && candidate.createdAt().before(other.createdAt());
    }

    /** The compare-and-set, then the payload of the job won; null if another claimer took it first. */
    private static ClaimedJob tryClaim(PreparedStatement claim, PreparedStatement read, Candidate candidate)
            throws SQLException {
        claim.setTimestamp(1, Timestamp.from(Instant.now()));
        claim.setString(2, candidate.id());
        if (claim.executeUpdate() != 1) {
            return null;
        }
        read.setString(1, candidate.id());
        try (ResultSet row = read.executeQuery()) {
            row.next();
            return new ClaimedJob(candidate.id(), candidate.tenantId(), candidate.type(), row.getString(1),
                    row.getInt(2));
        }
    }

    /**
     * Records an attempt's outcome, unless the job has moved on since this attempt claimed it: an
     * attempt that outlived its worker's shutdown grace must not overwrite the next attempt's state.
     */
    void finish(ClaimedJob job, JobStatus status, String result, String error) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE JOBS SET STATUS = ?, RESULT = ?, "
                     + "LAST_ERROR = ?, UPDATED_AT = ? WHERE ID = ? AND STATUS = 'RUNNING' AND ATTEMPTS = ?")) {
            update.setString(1, status.name());
            update.setString(2, result);
            update.setString(3, error == null ? null : truncate(error, 2000));
            update.setTimestamp(4, Timestamp.from(Instant.now()));
            update.setString(5, job.id());
            update.setInt(6, job.attempt());
            update.executeUpdate();
        }
    }

    /**
     * Puts jobs that were running back in the queue: at start-up for a previous process that
     * died, and at shutdown for attempts that did not finish in time (only while the job is still at
     * that attempt). Handlers are idempotent by job id.
     */
    int requeue(Collection<ClaimedJob> jobs) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE JOBS SET STATUS = 'QUEUED', UPDATED_AT = ? "
                     + "WHERE ID = ? AND STATUS = 'RUNNING' AND ATTEMPTS = ?")) {
            int count = 0;
            for (ClaimedJob job : jobs) {
                update.setTimestamp(1, Timestamp.from(Instant.now()));
                update.setString(2, job.id());
                update.setInt(3, job.attempt());
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
