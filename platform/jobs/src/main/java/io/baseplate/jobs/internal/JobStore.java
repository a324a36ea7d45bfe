package io.baseplate.jobs.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.ToIntFunction;

import javax.sql.DataSource;

/**
 * The workers' view of the job table: claims under a lease, outcomes, retries, chains and batch
 * counters, recovery, across all tenants, in plain SQL, because workers act for every tenant and a
 * claim must be one atomic compare-and-set.
 *
 * <p>Claiming serves tenants round-robin, so one tenant's backlog delays another tenant's job by at
 * most one turn, and costs the same at any backlog: every claim query is a seek in
 * {@code IX_JOBS_CLAIM} (STATUS, TYPE, TENANT_ID, CREATED_AT) or by primary key, and payloads are
 * read only of a tenant's oldest jobs, the ones a turn claims. A turn reads and claims its jobs in one
 * query and one batch of updates: per job, the database does the update and little else. On
 * PostgreSQL candidates are read {@code FOR UPDATE SKIP LOCKED}, so claimers on other nodes pass over
 * each other's candidates instead of queueing behind them.
 *
 * <p>Every write about a running job names the attempt and the lease owner that claimed it: an
 * attempt that lost its lease (its node stalled past the expiry and another node took the job over)
 * cannot overwrite what the next attempt does.
 */
final class JobStore {

    /** The first tenant after a cursor with a queued job of a type. */
    static final String NEXT_TENANT = "SELECT TENANT_ID FROM JOBS "
            + "WHERE STATUS = 'QUEUED' AND TYPE = ? AND TENANT_ID > ? "
            + "ORDER BY STATUS, TYPE, TENANT_ID, CREATED_AT LIMIT 1";
    /** A tenant's oldest queued jobs of a type, with what a claim returns of them. */
    static final String OLDEST_QUEUED_JOBS = "SELECT ID, CREATED_AT, PAYLOAD, ATTEMPTS, MAX_ATTEMPTS, BATCH_ID, RUN_AT "
            + "FROM JOBS WHERE STATUS = 'QUEUED' AND TYPE = ? AND TENANT_ID = ? "
            + "ORDER BY STATUS, TYPE, TENANT_ID, CREATED_AT LIMIT ?";
    /** The same as a claim on PostgreSQL reads them: locked, and skipped by other claimers while they are. */
    static final String LOCK_OLDEST_QUEUED_JOBS = OLDEST_QUEUED_JOBS + " FOR UPDATE SKIP LOCKED";
    static final String CLAIM_JOB = "UPDATE JOBS SET STATUS = 'RUNNING', ATTEMPTS = ATTEMPTS + 1, "
            + "MAX_ATTEMPTS = COALESCE(MAX_ATTEMPTS, ?), LEASE_OWNER = ?, LEASE_UNTIL = ?, STARTED_AT = ?, UPDATED_AT = ? "
            + "WHERE ID = ? AND STATUS = 'QUEUED'";
    /**
     * Scheduled jobs due by a time (the second parameter), after a lower bound (the first, the epoch):
     * without it H2 would start the range at the NULLs, every job that is not scheduled. No condition on
     * STATUS, which H2 would rather seek in IX_JOBS_CLAIM, reading every scheduled job: SCHEDULED_AT is
     * set only while a job is SCHEDULED.
     */
    static final String DUE_SCHEDULED = "SCHEDULED_AT >= ? AND SCHEDULED_AT <= ?";
    /** Running jobs whose lease expired before a time; read through IX_JOBS_CLAIM, whose first column is STATUS. */
    static final String EXPIRED_LEASES = "STATUS = 'RUNNING' AND (LEASE_UNTIL < ? OR LEASE_UNTIL IS NULL)";
    /** The same, and the running jobs of a node's earlier processes (the owner's prefix and length, the current owner). */
    static final String EXPIRED_LEASES_OR_EARLIER_PROCESS = "STATUS = 'RUNNING' AND (LEASE_UNTIL < ? OR LEASE_UNTIL IS NULL"
            + " OR LEFT(LEASE_OWNER, ?) = ? AND LEASE_OWNER <> ?)";
    private static final String THIS_ATTEMPT = " WHERE ID = ? AND STATUS = 'RUNNING' AND ATTEMPTS = ? AND LEASE_OWNER = ?";

    private static final String BEFORE_FIRST_TENANT = "";
    /** A tenant's turn in a claim of {@code limit} jobs takes at most this share of them. */
    private static final int TURNS_PER_CLAIM = 8;
    /** Claims on the embedded database take turns: see {@link #claim}. */
    private static final ReentrantLock EMBEDDED_CLAIMS = new ReentrantLock();
    private static final int MAX_ERROR_LENGTH = 2000;
    private static final int HEARTBEAT_CHUNK = 200;
    /** Between a node's id and its process in a lease owner's name. */
    static final String OWNER_SEPARATOR = "/";

    /** A job a worker has claimed; {@code dueAt} is when it became due, for pickup latency. */
    record ClaimedJob(String id, String tenantId, String type, String payload, int attempt, int maxAttempts,
                      String batchId, Instant dueAt) {
    }

    /** What became of a job whose attempt failed. */
    enum AfterFailure { RETRY_SCHEDULED, DEAD, LEASE_LOST }

    /** A queued job read for a claim: the job as its claim would hand it over. */
    private record Candidate(ClaimedJob job, Timestamp createdAt) {
    }

    private final DataSource dataSource;
    private volatile Boolean postgres;
    /** The tenant served last; the next claim starts with the tenant after it. */
    private volatile String tenantCursor = BEFORE_FIRST_TENANT;

    JobStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Claims up to {@code limit} queued jobs of the given types under a lease for {@code owner},
     * round-robin over the tenants that have such jobs: each tenant in turn gives its oldest jobs, at
     * most an eighth of the limit per turn (one job per turn in claims of up to 15), so one tenant's
     * backlog delays another tenant's job by at most that. Stops early when the queue holds no such job,
     * or after {@code limit} jobs were taken by other claimers first.
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
        int turn = Math.max(1, limit / TURNS_PER_CLAIM);
        try (Connection connection = dataSource.getConnection()) {
            boolean postgres = isPostgres(connection);
            if (!postgres) {
                EMBEDDED_CLAIMS.lock();
            }
            // One transaction, one commit for the whole claim. PostgreSQL: candidates are locked as they
            // are read and other claimers skip them, so none waits for another. H2 (whose FOR UPDATE
            // sorts the whole queue): it is embedded, so every claimer is in this JVM, and claims take
            // turns on a lock here instead of waiting on each other's row locks, where they could deadlock.
            try (PreparedStatement nextTenant = connection.prepareStatement(NEXT_TENANT);
                 PreparedStatement oldest = connection.prepareStatement(postgres ? LOCK_OLDEST_QUEUED_JOBS : OLDEST_QUEUED_JOBS);
                 PreparedStatement claim = connection.prepareStatement(CLAIM_JOB)) {
                boolean autoCommit = connection.getAutoCommit();
                connection.setAutoCommit(false);
                try {
                    int lostRaces = 0;
                    while (claimed.size() < limit && lostRaces < limit && !liveTypes.isEmpty()) {
                        String tenant = nextTenant(nextTenant, liveTypes, tenantCursor);
                        if (tenant == null && !tenantCursor.equals(BEFORE_FIRST_TENANT)) {
                            tenant = nextTenant(nextTenant, liveTypes, BEFORE_FIRST_TENANT);
                        }
                        if (tenant == null) {
                            break;
                        }
                        tenantCursor = tenant;
                        List<Candidate> candidates = oldestQueued(oldest, liveTypes, tenant,
                                Math.min(turn, limit - claimed.size()), maxAttempts);
                        List<ClaimedJob> won = tryClaim(claim, candidates, owner, lease);
                        // A tenant whose jobs other claimers hold locked counts as one race lost, so the loop ends.
                        lostRaces += candidates.isEmpty() ? 1 : candidates.size() - won.size();
                        claimed.addAll(won);
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
     * The first tenant after {@code cursor} with a queued job of any of the types; null if none. A type
     * with no queued job at all (none after the first tenant) is dropped from {@code types} for the rest
     * of the claim.
     */
    private static String nextTenant(PreparedStatement next, List<String> types, String cursor) throws SQLException {
        String first = null;
        for (Iterator<String> each = types.iterator(); each.hasNext(); ) {
            next.setString(1, each.next());
            next.setString(2, seekBoundAfter(cursor));
            try (ResultSet row = next.executeQuery()) {
                if (row.next()) {
                    // Java's string order agrees with the database's on UUIDs: hex digits, dashes at fixed places.
                    if (first == null || row.getString(1).compareTo(first) < 0) {
                        first = row.getString(1);
                    }
                } else if (cursor.equals(BEFORE_FIRST_TENANT)) {
                    each.remove();
                }
            }
        }
        return first;
    }

    /** A tenant's {@code count} oldest queued jobs across the types, oldest first. */
    private static List<Candidate> oldestQueued(PreparedStatement oldest, List<String> types, String tenantId, int count,
                                                ToIntFunction<String> maxAttempts) throws SQLException {
        List<Candidate> candidates = new ArrayList<>();
        for (String type : types) {
            oldest.setString(1, type);
            oldest.setString(2, tenantId);
            oldest.setInt(3, count);
            try (ResultSet row = oldest.executeQuery()) {
                while (row.next()) {
                    int attempt = row.getInt(4) + 1;
                    int fixedMaxAttempts = row.getInt(5);
                    int jobMaxAttempts = row.wasNull() ? maxAttempts.applyAsInt(type) : fixedMaxAttempts;
                    candidates.add(new Candidate(new ClaimedJob(row.getString(1), tenantId, type, row.getString(3),
                            attempt, jobMaxAttempts, row.getString(6), row.getTimestamp(7).toInstant()), row.getTimestamp(2)));
                }
            }
        }
        if (types.size() > 1) {
            candidates.sort(Comparator.comparing(Candidate::createdAt));
        }
        return candidates.size() > count ? candidates.subList(0, count) : candidates;
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

    /** The compare-and-sets, one batch for all candidates; returns the jobs won, without those another claimer took first. */
    private static List<ClaimedJob> tryClaim(PreparedStatement claim, List<Candidate> candidates, String owner,
                                             Duration lease) throws SQLException {
        if (candidates.isEmpty()) {
            return List.of();
        }
        Instant now = Instant.now();
        for (Candidate candidate : candidates) {
            claim.setInt(1, candidate.job().maxAttempts());
            claim.setString(2, owner);
            claim.setTimestamp(3, Timestamp.from(now.plus(lease)));
            claim.setTimestamp(4, Timestamp.from(now));
            claim.setTimestamp(5, Timestamp.from(now));
            claim.setString(6, candidate.job().id());
            claim.addBatch();
        }
        int[] updated = claim.executeBatch();
        List<ClaimedJob> won = new ArrayList<>(candidates.size());
        for (int i = 0; i < updated.length; i++) {
            if (updated[i] == 1) {
                won.add(candidates.get(i).job());
            }
        }
        return won;
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
     * once per batch. Rows are written in {@linkplain #inLockOrder lock order}.
     */
    List<AfterFailure> record(String owner, List<Outcome> outcomes) throws SQLException {
        return inTransaction(connection -> {
            Map<Outcome, AfterFailure> fates = new IdentityHashMap<>();
            Map<String, int[]> batchDeltas = new LinkedHashMap<>();
            Instant now = Instant.now();
            try (PreparedStatement success = connection.prepareStatement("UPDATE JOBS SET STATUS = 'SUCCEEDED', "
                    + "RESULT = ?, LAST_ERROR = NULL, LEASE_OWNER = NULL, LEASE_UNTIL = NULL, FINISHED_AT = ?, UPDATED_AT = ?"
                    + THIS_ATTEMPT);
                 PreparedStatement retry = connection.prepareStatement("UPDATE JOBS SET STATUS = 'SCHEDULED', RUN_AT = ?, "
                    + "LAST_ERROR = ?, LEASE_OWNER = NULL, LEASE_UNTIL = NULL, UPDATED_AT = ?, SCHEDULED_AT = ?" + THIS_ATTEMPT);
                 PreparedStatement dead = connection.prepareStatement("UPDATE JOBS SET STATUS = 'DEAD', FINISHED_AT = ?, "
                    + "LAST_ERROR = ?, LEASE_OWNER = NULL, LEASE_UNTIL = NULL, UPDATED_AT = ?" + THIS_ATTEMPT)) {
                for (Outcome outcome : inLockOrder(outcomes, Outcome::job)) {
                    ClaimedJob job = outcome.job();
                    if (outcome.succeeded()) {
                        success.setString(1, outcome.result());
                        success.setTimestamp(2, Timestamp.from(now));
                        success.setTimestamp(3, Timestamp.from(now));
                        bindAttempt(success, 4, job, owner);
                        if (success.executeUpdate() != 1) {
                            fates.put(outcome, AfterFailure.LEASE_LOST);
                            continue;
                        }
                        releaseChildren(connection, job.id());
                        countInBatch(batchDeltas, job.batchId(), 0);
                        fates.put(outcome, null);
                        continue;
                    }
                    boolean retried = !outcome.permanent() && job.attempt() < job.maxAttempts();
                    PreparedStatement update = retried ? retry : dead;
                    Timestamp runAtOrFinishedAt = Timestamp.from(retried ? now.plus(outcome.retryDelay()) : now);
                    update.setTimestamp(1, runAtOrFinishedAt);
                    update.setString(2, truncate(outcome.error()));
                    update.setTimestamp(3, Timestamp.from(now));
                    if (retried) {
                        update.setTimestamp(4, runAtOrFinishedAt);
                    }
                    bindAttempt(update, retried ? 5 : 4, job, owner);
                    if (update.executeUpdate() != 1) {
                        fates.put(outcome, AfterFailure.LEASE_LOST);
                    } else if (retried) {
                        fates.put(outcome, AfterFailure.RETRY_SCHEDULED);
                    } else {
                        cancelChildren(connection, job.id(), "The job it followed, " + job.id() + ", is DEAD");
                        countInBatch(batchDeltas, job.batchId(), 1);
                        fates.put(outcome, AfterFailure.DEAD);
                    }
                }
            }
            for (Map.Entry<String, int[]> batch : batchDeltas.entrySet()) {
                Batches.childrenEnded(connection, batch.getKey(), batch.getValue()[0], batch.getValue()[1]);
            }
            return outcomes.stream().map(fates::get).toList();
        });
    }

    private static void countInBatch(Map<String, int[]> deltas, String batchId, int index) {
        if (batchId != null) {
            deltas.computeIfAbsent(batchId, id -> new int[2])[index]++;
        }
    }

    /**
     * Extends the leases of this owner's running attempts; returns the ids of those it no longer holds.
     * One transaction per {@value #HEARTBEAT_CHUNK} jobs, its rows written in {@linkplain #inLockOrder lock
     * order}: a node may hold thousands of jobs claimed ahead, and a commit per job would cost as many
     * writes of the database file.
     */
    List<String> heartbeat(String owner, List<ClaimedJob> jobs, Duration lease) throws SQLException {
        List<String> lost = new ArrayList<>();
        List<ClaimedJob> ordered = inLockOrder(jobs, job -> job);
        for (int from = 0; from < ordered.size(); from += HEARTBEAT_CHUNK) {
            List<ClaimedJob> chunk = ordered.subList(from, Math.min(ordered.size(), from + HEARTBEAT_CHUNK));
            lost.addAll(inTransaction(connection -> {
                List<String> chunkLost = new ArrayList<>();
                try (PreparedStatement update = connection.prepareStatement("UPDATE JOBS SET LEASE_UNTIL = ?" + THIS_ATTEMPT)) {
                    Timestamp until = Timestamp.from(Instant.now().plus(lease));
                    for (ClaimedJob job : chunk) {
                        update.setTimestamp(1, until);
                        bindAttempt(update, 2, job, owner);
                        if (update.executeUpdate() == 0) {
                            chunkLost.add(job.id());
                        }
                    }
                }
                return chunkLost;
            }));
        }
        return lost;
    }

    /**
     * Jobs in the order every multi-row write of running jobs locks them, by id, so that a heartbeat,
     * a recording of outcomes and a release, each holding many row locks at once, never wait for each
     * other in a cycle.
     */
    private static <T> List<T> inLockOrder(Collection<T> items, Function<T, ClaimedJob> job) {
        List<T> ordered = new ArrayList<>(items);
        ordered.sort(Comparator.comparing(item -> job.apply(item).id()));
        return ordered;
    }

    /**
     * Gives back attempts this owner will not finish (a shutdown's grace ran out): queued again at
     * once, the attempt counted.
     */
    int release(String owner, Collection<ClaimedJob> jobs) throws SQLException {
        return inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE JOBS SET STATUS = 'QUEUED', LEASE_OWNER = NULL, "
                    + "LEASE_UNTIL = NULL, UPDATED_AT = ?" + THIS_ATTEMPT)) {
                int count = 0;
                for (ClaimedJob job : inLockOrder(jobs, job -> job)) {
                    update.setTimestamp(1, Timestamp.from(Instant.now()));
                    bindAttempt(update, 2, job, owner);
                    count += update.executeUpdate();
                }
                return count;
            }
        });
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
            String where = node == null ? EXPIRED_LEASES : EXPIRED_LEASES_OR_EARLIER_PROCESS;
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

    /**
     * Makes scheduled jobs whose time has come due: queued if this node handles their type, else waiting.
     * They are found through {@link #DUE_SCHEDULED} alone, then moved one by one, each only if it is
     * still scheduled, in id order (another node may be promoting the same jobs).
     */
    int promoteDue(Set<String> handledTypes) throws SQLException {
        return inTransaction(connection -> {
            Timestamp now = Timestamp.from(Instant.now());
            List<String> due = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT ID FROM JOBS WHERE " + DUE_SCHEDULED)) {
                select.setTimestamp(1, Timestamp.from(Instant.EPOCH));
                select.setTimestamp(2, now);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        due.add(rows.getString(1));
                    }
                }
            }
            if (due.isEmpty()) {
                return 0;
            }
            due.sort(Comparator.naturalOrder());
            try (PreparedStatement update = connection.prepareStatement("UPDATE JOBS SET STATUS = "
                    + (handledTypes.isEmpty() ? "'WAITING_FOR_HANDLER'"
                    : "CASE WHEN TYPE IN (" + placeholders(handledTypes.size()) + ") THEN 'QUEUED' ELSE 'WAITING_FOR_HANDLER' END")
                    + ", SCHEDULED_AT = NULL, UPDATED_AT = ? WHERE ID = ? AND STATUS = 'SCHEDULED'")) {
                for (String id : due) {
                    int index = 1;
                    for (String type : handledTypes) {
                        update.setString(index++, type);
                    }
                    update.setTimestamp(index++, now);
                    update.setString(index, id);
                    update.addBatch();
                }
                return Arrays.stream(update.executeBatch()).sum();
            }
        });
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
        try (PreparedStatement update = connection.prepareStatement("UPDATE JOBS SET STATUS = 'CANCELLED', SCHEDULED_AT = NULL, "
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
                + "THEN 'SCHEDULED' ELSE 'QUEUED' END, SCHEDULED_AT = CASE WHEN RUN_AT > ? THEN RUN_AT END, UPDATED_AT = ? "
                + "WHERE ID = ? AND STATUS = 'AWAITING_PARENT'")) {
            Timestamp now = Timestamp.from(Instant.now());
            update.setTimestamp(1, now);
            update.setTimestamp(2, now);
            update.setTimestamp(3, now);
            update.setString(4, childId);
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
