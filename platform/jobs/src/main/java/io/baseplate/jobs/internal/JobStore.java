package io.baseplate.jobs.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToIntFunction;

import javax.sql.DataSource;

/**
 * The workers' view of the job table: claims under a lease, outcomes, retries, chains and batch
 * counters, recovery, across all tenants, in plain SQL, because workers act for every tenant and a
 * claim must be one atomic compare-and-set.
 *
 * <p>Claiming serves tenants round-robin, so one tenant's backlog delays another tenant's job by at
 * most one round, and costs the same at any backlog: every claim query is a seek in
 * {@code IX_JOBS_CLAIM} (STATUS, TYPE, TENANT_ID, CREATED_AT) or by primary key, and payloads are
 * read only for the jobs claimed. On PostgreSQL candidates are read {@code FOR UPDATE SKIP LOCKED}, so
 * claimers on other nodes pass over each other's candidates instead of queueing behind them.
 *
 * <p>Every write about a running job names the attempt and the lease owner that claimed it: an
 * attempt that lost its lease (its node stalled past the expiry and another node took the job over)
 * cannot overwrite what the next attempt does.
 */
final class JobStore {

    static final String NEXT_QUEUED_JOB = "SELECT TENANT_ID, ID, CREATED_AT FROM JOBS "
            + "WHERE STATUS = 'QUEUED' AND TYPE = ? AND TENANT_ID > ? "
            + "ORDER BY STATUS, TYPE, TENANT_ID, CREATED_AT LIMIT 1";
    /** The candidate as a claim on PostgreSQL reads it: locked, and skipped by other claimers while it is. */
    static final String LOCK_NEXT_QUEUED_JOB = NEXT_QUEUED_JOB + " FOR UPDATE SKIP LOCKED";
    static final String CLAIM_JOB = "UPDATE JOBS SET STATUS = 'RUNNING', ATTEMPTS = ATTEMPTS + 1, "
            + "MAX_ATTEMPTS = COALESCE(MAX_ATTEMPTS, ?), LEASE_OWNER = ?, LEASE_UNTIL = ?, STARTED_AT = ?, UPDATED_AT = ? "
            + "WHERE ID = ? AND STATUS = 'QUEUED'";
    static final String CLAIMED_JOB = "SELECT PAYLOAD, ATTEMPTS, MAX_ATTEMPTS, BATCH_ID, RUN_AT FROM JOBS WHERE ID = ?";
    private static final String THIS_ATTEMPT = " WHERE ID = ? AND STATUS = 'RUNNING' AND ATTEMPTS = ? AND LEASE_OWNER = ?";

    private static final String BEFORE_FIRST_TENANT = "";
    /** Claims on the embedded database take turns: see {@link #claim}. */
    private static final ReentrantLock EMBEDDED_CLAIMS = new ReentrantLock();
    private static final int MAX_ERROR_LENGTH = 2000;
    /** Between a node's id and its process in a lease owner's name. */
    static final String OWNER_SEPARATOR = "/";

    /** A job a worker has claimed; {@code dueAt} is when it became due, for pickup latency. */
    record ClaimedJob(String id, String tenantId, String type, String payload, int attempt, int maxAttempts,
                      String batchId, Instant dueAt) {
    }

    /** What became of a job whose attempt failed. */
    enum AfterFailure { RETRY_SCHEDULED, DEAD, LEASE_LOST }

    private record Candidate(String id, String tenantId, String type, Timestamp createdAt) {
    }

    private final DataSource dataSource;
    private volatile Boolean postgres;
    /** The tenant served last; the next claim starts with the tenant after it. */
    private volatile String tenantCursor = BEFORE_FIRST_TENANT;

    JobStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Claims up to {@code limit} queued jobs of the given types under a lease for {@code owner}, one
     * at a time round-robin over the tenants that have such jobs. Stops early when the queue holds no
     * such job, or after {@code limit} jobs were taken by other claimers first.
     *
     * @param maxAttempts the attempts of each type's policy, fixed on a job at its first claim
     */
    List<ClaimedJob> claim(Collection<String> types, int limit, String owner, Duration lease,
                           ToIntFunction<String> maxAttempts) throws SQLException {
        List<ClaimedJob> claimed = new ArrayList<>();
        if (types.isEmpty() || limit <= 0) {
            return claimed;
        }
        List<String> liveTypes = new ArrayList<>(types);
        try (Connection connection = dataSource.getConnection()) {
            boolean postgres = isPostgres(connection);
            if (!postgres) {
                EMBEDDED_CLAIMS.lock();
            }
            // One transaction, one commit for the whole claim. PostgreSQL: candidates are locked as they
            // are read and other claimers skip them, so none waits for another. H2 (whose FOR UPDATE
            // sorts the whole queue): it is embedded, so every claimer is in this JVM, and claims take
            // turns on a lock here instead of waiting on each other's row locks, where they could deadlock.
            try (PreparedStatement next = connection.prepareStatement(postgres ? LOCK_NEXT_QUEUED_JOB : NEXT_QUEUED_JOB);
                 PreparedStatement claim = connection.prepareStatement(CLAIM_JOB);
                 PreparedStatement read = connection.prepareStatement(CLAIMED_JOB)) {
                boolean autoCommit = connection.getAutoCommit();
                connection.setAutoCommit(false);
                try {
                    int lostRaces = 0;
                    while (claimed.size() < limit && lostRaces < limit && !liveTypes.isEmpty()) {
                        Candidate candidate = nextCandidate(next, liveTypes, tenantCursor);
                        if (candidate == null && !tenantCursor.equals(BEFORE_FIRST_TENANT)) {
                            candidate = nextCandidate(next, liveTypes, BEFORE_FIRST_TENANT);
                        }
                        if (candidate == null) {
                            break;
                        }
                        tenantCursor = candidate.tenantId();
                        ClaimedJob job = tryClaim(claim, read, candidate, owner, lease,
                                maxAttempts.applyAsInt(candidate.type()));
                        if (job == null) {
                            lostRaces++;
                        } else {
                            claimed.add(job);
                        }
                    }
                    connection.commit();
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                } finally {
                    connection.setAutoCommit(autoCommit);
                }
            } finally {
                if (!postgres) {
                    EMBEDDED_CLAIMS.unlock();
                }
            }
        }
        return claimed;
    }

    private boolean isPostgres(Connection connection) throws SQLException {
        Boolean known = postgres;
        if (known == null) {
            known = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
            postgres = known;
        }
        return known;
    }

    /**
     * The oldest queued job, of any of the types, of the first tenant after {@code cursor}; null if none.
     * A type with no queued job at all (none after the first tenant) is dropped from {@code types} for
     * the rest of the claim.
     */
    private static Candidate nextCandidate(PreparedStatement next, List<String> types, String cursor)
            throws SQLException {
        Candidate first = null;
        for (Iterator<String> each = types.iterator(); each.hasNext(); ) {
            String type = each.next();
            next.setString(1, type);
            next.setString(2, seekBoundAfter(cursor));
            try (ResultSet row = next.executeQuery()) {
                if (row.next()) {
                    Candidate candidate = new Candidate(row.getString(2), row.getString(1), type, row.getTimestamp(3));
                    if (first == null || precedes(candidate, first)) {
                        first = candidate;
                    }
                } else if (cursor.equals(BEFORE_FIRST_TENANT)) {
                    each.remove();
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
    private static ClaimedJob tryClaim(PreparedStatement claim, PreparedStatement read, Candidate candidate,
                                       String owner, Duration lease, int maxAttempts) throws SQLException {
        Instant now = Instant.now();
        claim.setInt(1, maxAttempts);
        claim.setString(2, owner);
        claim.setTimestamp(3, Timestamp.from(now.plus(lease)));
        claim.setTimestamp(4, Timestamp.from(now));
        claim.setTimestamp(5, Timestamp.from(now));
        claim.setString(6, candidate.id());
        if (claim.executeUpdate() != 1) {
            return null;
        }
        read.setString(1, candidate.id());
        try (ResultSet row = read.executeQuery()) {
            row.next();
            return new ClaimedJob(candidate.id(), candidate.tenantId(), candidate.type(), row.getString(1),
                    row.getInt(2), row.getInt(3), row.getString(4), row.getTimestamp(5).toInstant());
        }
    }

    /** An attempt's outcome to record: a success with its result, or a failure with its error. */
    record Outcome(ClaimedJob job, boolean succeeded, String result, String error, boolean permanent, Duration retryDelay) {

        static Outcome success(ClaimedJob job, String result) {
            return new Outcome(job, true, result, null, false, Duration.ZERO);
        }

        static Outcome failure(ClaimedJob job, String error, boolean permanent, Duration retryDelay) {
            return new Outcome(job, false, null, error, permanent, retryDelay);
        }
    }

    /**
     * Records many outcomes in one transaction, one commit for all of them (the worker gathers those that
     * end close together). Per outcome, in order: null for a success recorded, the fate of a failure,
     * or {@link AfterFailure#LEASE_LOST} for an attempt that no longer holds its job. Batch counters move
     * once per batch.
     */
    List<AfterFailure> record(String owner, List<Outcome> outcomes) throws SQLException {
        return inTransaction(connection -> {
            List<AfterFailure> fates = new ArrayList<>(outcomes.size());
            Map<String, int[]> batchDeltas = new LinkedHashMap<>();
            Instant now = Instant.now();
            try (PreparedStatement success = connection.prepareStatement("UPDATE JOBS SET STATUS = 'SUCCEEDED', "
                    + "RESULT = ?, LAST_ERROR = NULL, LEASE_OWNER = NULL, LEASE_UNTIL = NULL, FINISHED_AT = ?, UPDATED_AT = ?"
                    + THIS_ATTEMPT);
                 PreparedStatement retry = connection.prepareStatement("UPDATE JOBS SET STATUS = 'SCHEDULED', RUN_AT = ?, "
                    + "LAST_ERROR = ?, LEASE_OWNER = NULL, LEASE_UNTIL = NULL, UPDATED_AT = ?" + THIS_ATTEMPT);
                 PreparedStatement dead = connection.prepareStatement("UPDATE JOBS SET STATUS = 'DEAD', FINISHED_AT = ?, "
                    + "LAST_ERROR = ?, LEASE_OWNER = NULL, LEASE_UNTIL = NULL, UPDATED_AT = ?" + THIS_ATTEMPT)) {
                for (Outcome outcome : outcomes) {
                    ClaimedJob job = outcome.job();
                    if (outcome.succeeded()) {
                        success.setString(1, outcome.result());
                        success.setTimestamp(2, Timestamp.from(now));
                        success.setTimestamp(3, Timestamp.from(now));
                        bindAttempt(success, 4, job, owner);
                        if (success.executeUpdate() != 1) {
                            fates.add(AfterFailure.LEASE_LOST);
                            continue;
                        }
                        releaseChildren(connection, job.id());
                        countInBatch(batchDeltas, job.batchId(), 0);
                        fates.add(null);
                        continue;
                    }
                    boolean retried = !outcome.permanent() && job.attempt() < job.maxAttempts();
                    PreparedStatement update = retried ? retry : dead;
                    update.setTimestamp(1, Timestamp.from(retried ? now.plus(outcome.retryDelay()) : now));
                    update.setString(2, truncate(outcome.error()));
                    update.setTimestamp(3, Timestamp.from(now));
                    bindAttempt(update, 4, job, owner);
                    if (update.executeUpdate() != 1) {
                        fates.add(AfterFailure.LEASE_LOST);
                    } else if (retried) {
                        fates.add(AfterFailure.RETRY_SCHEDULED);
                    } else {
                        cancelChildren(connection, job.id(), "The job it followed, " + job.id() + ", is DEAD");
                        countInBatch(batchDeltas, job.batchId(), 1);
                        fates.add(AfterFailure.DEAD);
                    }
                }
            }
            for (Map.Entry<String, int[]> batch : batchDeltas.entrySet()) {
                Batches.childrenEnded(connection, batch.getKey(), batch.getValue()[0], batch.getValue()[1]);
            }
            return fates;
        });
    }

    private static void countInBatch(Map<String, int[]> deltas, String batchId, int index) {
        if (batchId != null) {
            deltas.computeIfAbsent(batchId, id -> new int[2])[index]++;
        }
    }

    /**
     * Extends the leases of this owner's running attempts; returns the ids of those it no longer holds.
     * One statement and one commit per job: a heartbeat holds one row lock at a time, so it cannot
     * deadlock with the worker recording outcomes of the same jobs.
     */
    List<String> heartbeat(String owner, List<ClaimedJob> jobs, Duration lease) throws SQLException {
        List<String> lost = new ArrayList<>();
        if (jobs.isEmpty()) {
            return lost;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE JOBS SET LEASE_UNTIL = ?" + THIS_ATTEMPT)) {
            Timestamp until = Timestamp.from(Instant.now().plus(lease));
            for (ClaimedJob job : jobs) {
                update.setTimestamp(1, until);
                bindAttempt(update, 2, job, owner);
                if (update.executeUpdate() == 0) {
                    lost.add(job.id());
                }
            }
            return lost;
        }
    }

    /**
     * Gives back attempts this owner will not finish (a shutdown's grace ran out): queued again at
     * once, the attempt counted.
     */
    int release(String owner, Collection<ClaimedJob> jobs) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE JOBS SET STATUS = 'QUEUED', LEASE_OWNER = NULL, "
                     + "LEASE_UNTIL = NULL, UPDATED_AT = ?" + THIS_ATTEMPT)) {
            int count = 0;
            for (ClaimedJob job : jobs) {
                update.setTimestamp(1, Timestamp.from(Instant.now()));
                bindAttempt(update, 2, job, owner);
                count += update.executeUpdate();
            }
            return count;
        }
    }

    /**
     * Takes back running jobs whose lease has expired (their node died or stalled), and, given this
     * node's id and its current owner name, every running job of an earlier process of this node (lease
     * owners are {@code node/process}: nothing else can run those). Jobs of this very process are left
     * to their lease: a worker reactivated by a configuration change or a bundle update may still be
     * finishing them. A job with attempts left is queued again; one without is {@code DEAD}, so a job
     * that kills its node cannot do so for ever.
     */
    int recover(String node, String currentOwner) throws SQLException {
        return inTransaction(connection -> {
            Timestamp now = Timestamp.from(Instant.now());
            List<String[]> dead = new ArrayList<>();
            String where = "STATUS = 'RUNNING' AND (LEASE_UNTIL < ? OR LEASE_UNTIL IS NULL"
                    + (node == null ? ")" : " OR LEFT(LEASE_OWNER, ?) = ? AND LEASE_OWNER <> ?)");
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT ID, BATCH_ID FROM JOBS WHERE " + where + " AND ATTEMPTS >= COALESCE(MAX_ATTEMPTS, 1)")) {
                bindRecovery(select, 1, now, node, currentOwner);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        dead.add(new String[] {rows.getString(1), rows.getString(2)});
                    }
                }
            }
            int recovered = 0;
            try (PreparedStatement update = connection.prepareStatement("UPDATE JOBS SET STATUS = CASE WHEN "
                    + "ATTEMPTS >= COALESCE(MAX_ATTEMPTS, 1) THEN 'DEAD' ELSE 'QUEUED' END, "
                    + "LAST_ERROR = 'The node running this attempt stopped without finishing it', "
                    + "LEASE_OWNER = NULL, LEASE_UNTIL = NULL, UPDATED_AT = ? WHERE " + where)) {
                update.setTimestamp(1, now);
                bindRecovery(update, 2, now, node, currentOwner);
                recovered = update.executeUpdate();
            }
            for (String[] job : dead) {
                cancelChildren(connection, job[0], "The job it followed, " + job[0] + ", is DEAD");
                Batches.childrenEnded(connection, job[1], 0, 1);
            }
            return recovered;
        });
    }

    private static void bindRecovery(PreparedStatement statement, int first, Timestamp now, String node,
                                     String currentOwner) throws SQLException {
        statement.setTimestamp(first, now);
        if (node != null) {
            String prefix = node + OWNER_SEPARATOR;
            statement.setInt(first + 1, prefix.length());
            statement.setString(first + 2, prefix);
            statement.setString(first + 3, currentOwner);
        }
    }

    /** Makes scheduled jobs whose time has come due: queued if this node handles their type, else waiting. */
    int promoteDue(Set<String> handledTypes) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE JOBS SET STATUS = "
                     + (handledTypes.isEmpty() ? "'WAITING_FOR_HANDLER'"
                     : "CASE WHEN TYPE IN (" + placeholders(handledTypes.size()) + ") THEN 'QUEUED' ELSE 'WAITING_FOR_HANDLER' END")
                     + ", UPDATED_AT = ? WHERE STATUS = 'SCHEDULED' AND RUN_AT <= ?")) {
            int index = 1;
            for (String type : handledTypes) {
                update.setString(index++, type);
            }
            Timestamp now = Timestamp.from(Instant.now());
            update.setTimestamp(index++, now);
            update.setTimestamp(index, now);
            return update.executeUpdate();
        }
    }

    /** A handler of the type is here: its waiting jobs are queued. */
    int queueWaiting(String type) throws SQLException {
        return moveByType(type, JobStatus.WAITING_FOR_HANDLER, JobStatus.QUEUED);
    }

    /** The last handler of the type left this node: its queued jobs wait, visibly, for another. */
    int parkQueued(String type) throws SQLException {
        return moveByType(type, JobStatus.QUEUED, JobStatus.WAITING_FOR_HANDLER);
    }

    private int moveByType(String type, JobStatus from, JobStatus to) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE JOBS SET STATUS = ?, UPDATED_AT = ? WHERE STATUS = ? AND TYPE = ?")) {
            update.setString(1, to.name());
            update.setTimestamp(2, Timestamp.from(Instant.now()));
            update.setString(3, from.name());
            update.setString(4, type);
            return update.executeUpdate();
        }
    }

    /**
     * Settles chained jobs whose parent ended while they were being submitted (the submission could
     * not see the parent's uncommitted end): queued after a success, cancelled after anything else.
     */
    int settleOrphanedChildren() throws SQLException {
        return inTransaction(connection -> {
            List<String[]> settled = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT C.ID, P.STATUS FROM JOBS C "
                    + "JOIN JOBS P ON P.ID = C.PARENT_JOB_ID WHERE C.STATUS = 'AWAITING_PARENT' "
                    + "AND P.STATUS IN ('SUCCEEDED', 'DEAD', 'CANCELLED')")) {
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        settled.add(new String[] {rows.getString(1), rows.getString(2)});
                    }
                }
            }
            for (String[] child : settled) {
                if ("SUCCEEDED".equals(child[1])) {
                    releaseChild(connection, child[0]);
                } else {
                    cancelJob(connection, child[0], JobStatus.AWAITING_PARENT, "The job it followed did not succeed");
                }
            }
            return settled.size();
        });
    }

    /** Cancels a job that has not started, and the jobs chained after it; false if it had started or ended. */
    boolean cancel(String tenantId, String jobId) throws SQLException {
        return inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT STATUS FROM JOBS WHERE ID = ? AND TENANT_ID = ?")) {
                select.setString(1, jobId);
                select.setString(2, tenantId);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next() || !JobStatus.CANCELLABLE.contains(JobStatus.valueOf(row.getString(1)))) {
                        return false;
                    }
                    return cancelJob(connection, jobId, JobStatus.valueOf(row.getString(1)), "Cancelled");
                }
            }
        });
    }

    /**
     * Puts a dead or cancelled job back in the queue with {@code extraAttempts} more attempts; false
     * if it is in neither state.
     */
    boolean retry(String tenantId, String jobId, int extraAttempts) throws SQLException {
        return inTransaction(connection -> {
            String batchId;
            try (PreparedStatement select = connection.prepareStatement("SELECT BATCH_ID FROM JOBS WHERE ID = ? "
                    + "AND TENANT_ID = ? AND STATUS IN (" + JobStatus.sqlList(JobStatus.RETRYABLE) + ")")) {
                select.setString(1, jobId);
                select.setString(2, tenantId);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return false;
                    }
                    batchId = row.getString(1);
                }
            }
            try (PreparedStatement update = connection.prepareStatement("UPDATE JOBS SET STATUS = 'QUEUED', "
                    + "MAX_ATTEMPTS = ATTEMPTS + ?, RUN_AT = ?, FINISHED_AT = NULL, UPDATED_AT = ? WHERE ID = ? AND STATUS IN ("
                    + JobStatus.sqlList(JobStatus.RETRYABLE) + ")")) {
                Timestamp now = Timestamp.from(Instant.now());
                update.setInt(1, extraAttempts);
                update.setTimestamp(2, now);
                update.setTimestamp(3, now);
                update.setString(4, jobId);
                if (update.executeUpdate() != 1) {
                    return false;
                }
            }
            Batches.childReopened(connection, batchId);
            return true;
        });
    }

    private boolean cancelJob(Connection connection, String jobId, JobStatus from, String reason) throws SQLException {
        String batchId;
        try (PreparedStatement update = connection.prepareStatement("UPDATE JOBS SET STATUS = 'CANCELLED', "
                + "LAST_ERROR = ?, FINISHED_AT = ?, UPDATED_AT = ? WHERE ID = ? AND STATUS = ?")) {
            Timestamp now = Timestamp.from(Instant.now());
            update.setString(1, reason);
            update.setTimestamp(2, now);
            update.setTimestamp(3, now);
            update.setString(4, jobId);
            update.setString(5, from.name());
            if (update.executeUpdate() != 1) {
                return false;
            }
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT BATCH_ID FROM JOBS WHERE ID = ?")) {
            select.setString(1, jobId);
            try (ResultSet row = select.executeQuery()) {
                batchId = row.next() ? row.getString(1) : null;
            }
        }
        Batches.childrenEnded(connection, batchId, 0, 1);
        cancelChildren(connection, jobId, "The job it followed, " + jobId + ", was cancelled or is DEAD");
        return true;
    }

    private void cancelChildren(Connection connection, String parentId, String reason) throws SQLException {
        for (String child : children(connection, parentId)) {
            cancelJob(connection, child, JobStatus.AWAITING_PARENT, reason);
        }
    }

    private void releaseChildren(Connection connection, String parentId) throws SQLException {
        for (String child : children(connection, parentId)) {
            releaseChild(connection, child);
        }
    }

    /** A chained job whose parent succeeded: scheduled if its own time has not come, else queued. */
    private static void releaseChild(Connection connection, String childId) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE JOBS SET STATUS = CASE WHEN RUN_AT > ? "
                + "THEN 'SCHEDULED' ELSE 'QUEUED' END, UPDATED_AT = ? WHERE ID = ? AND STATUS = 'AWAITING_PARENT'")) {
            Timestamp now = Timestamp.from(Instant.now());
            update.setTimestamp(1, now);
            update.setTimestamp(2, now);
            update.setString(3, childId);
            update.executeUpdate();
        }
    }

    private static List<String> children(Connection connection, String parentId) throws SQLException {
        List<String> children = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT ID FROM JOBS WHERE PARENT_JOB_ID = ? AND STATUS = 'AWAITING_PARENT'")) {
            select.setString(1, parentId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    children.add(rows.getString(1));
                }
            }
        }
        return children;
    }

    /** Work in one transaction on a connection of its own. */
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    private static void bindAttempt(PreparedStatement statement, int first, ClaimedJob job, String owner)
            throws SQLException {
        statement.setString(first, job.id());
        statement.setInt(first + 1, job.attempt());
        statement.setString(first + 2, owner);
    }

    private static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
    }
}
