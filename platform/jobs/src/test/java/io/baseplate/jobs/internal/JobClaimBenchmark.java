package io.baseplate.jobs.internal;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.baseplate.core.testing.TestDatabase;

/**
 * Measures job claiming on an H2 file database opened as production opens it, before (the oldest
 * queued jobs first, by one sorted query that reads payloads) and after (round-robin over tenants
 * by index seeks, {@link JobStore#claim}): claim latency, allocation and heap, for an empty queue,
 * a queue of one batch and a backlog of 20,000 jobs of two tenants, and how long a job of the second tenant waits
 * behind the first tenant's backlog. A benchmark, not a test: run it with {@code tools/job-claim-bench.sh}.
 */
public final class JobClaimBenchmark {

    private static final String TENANT_A = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";
    private static final String TENANT_B = "6fa459ea-ee8a-4ca4-894e-db77e160355e";
    private static final String TYPE = "SendReceipt";
    private static final Set<String> HANDLED = Set.of(TYPE);
    private static final int BACKLOG_OF_A = 19_999;
    /** The worker's default thread count, so the size of a claim batch. */
    private static final int BATCH = 4;
    private static final int WARM_UP_CLAIMS = 20;
    private static final Duration WAIT_LIMIT = Duration.ofMinutes(1);
    /** About the size of a receipt command's payload with its line items. */
    private static final String PAYLOAD = "{\"payment.id\":\"" + "x".repeat(2_000) + "\"}";

    /** The worker's claim as it was before round-robin seeks, kept here as the baseline. */
    private static final String OLDEST_QUEUED_FIRST = "SELECT ID, TENANT_ID, TYPE, PAYLOAD, ATTEMPTS FROM JOBS "
            + "WHERE STATUS = 'QUEUED' AND TYPE IN (?) ORDER BY CREATED_AT LIMIT ?";
    private static final String OLD_CLAIM_JOB = "UPDATE JOBS SET STATUS = 'RUNNING', ATTEMPTS = ATTEMPTS + 1, UPDATED_AT = ? "
            + "WHERE ID = ? AND STATUS = 'QUEUED'";

    private enum Variant {
        // The old claim takes a sixth of a second at the backlog: fewer samples keep the run short, and
        // sub-millisecond claims need many for a stable median.
        BEFORE("before: oldest first", 100), AFTER("after: round-robin seeks", 1000);

        final String label;
        final int measuredClaims;

        Variant(String label, int measuredClaims) {
            this.label = label;
            this.measuredClaims = measuredClaims;
        }
    }

    /** One claim call, returning the ids claimed. */
    private interface Claimer {
        List<String> claim() throws SQLException;
    }

    /** Latency, allocation and retained heap of one variant in one queue state, and closing the database after. */
    private record ClaimCost(double medianMillis, double p99Millis, double allocatedKiBPerClaim, double heapMiB,
                             double closeMillis) {
    }

    /** When the second tenant's job was claimed, counted from its submission; or how many of A's jobs were still ahead. */
    /**
     * The queues measured. An empty queue has nothing to claim, so a claim there does less work than
     * one that takes a batch; a queue of one batch is the fair baseline for the backlog.
     */
    private enum Queue {
        EMPTY(0, 0, "empty queue (nothing to claim)"),
        ONE_BATCH(3, 1, "one batch queued (3 of A, then 1 of B)"),
        BACKLOG(BACKLOG_OF_A, 1, "20,000 queued (19,999 of A, then 1 of B)");

        final int jobsOfA;
        final int jobsOfB;
        final String label;

        Queue(int jobsOfA, int jobsOfB, String label) {
            this.jobsOfA = jobsOfA;
            this.jobsOfB = jobsOfB;
            this.label = label;
        }
    }

    private record Wait(double millis, int rounds, boolean claimed, int stillAhead) {
    }

    private JobClaimBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Files.createTempDirectory("job-claim-bench");
        try {
            ClaimCost[][] costs = new ClaimCost[Queue.values().length][Variant.values().length];
            Wait[] waits = new Wait[Variant.values().length];
            for (Variant variant : Variant.values()) {
                for (Queue queue : Queue.values()) {
                    costs[queue.ordinal()][variant.ordinal()] = measureClaims(directory, variant, queue);
                }
                waits[variant.ordinal()] = measureWaitOfSecondTenant(directory, variant);
            }
            print(costs, waits);
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private static ClaimCost measureClaims(Path directory, Variant variant, Queue queue) throws Exception {
        TestDatabase database = open(directory, variant, queue.name().toLowerCase(Locale.ROOT));
        int measuredClaims = variant.measuredClaims;
        double[] millis = new double[measuredClaims];
        long allocated = 0;
        double heapMiB;
        try {
            JobStore store = new JobStore(database.dataSource());
            if (queue.jobsOfA > 0) {
                QueuedJobRows.insert(database.dataSource(), TENANT_A, TYPE, PAYLOAD, queue.jobsOfA, Instant.now());
                QueuedJobRows.insert(database.dataSource(), TENANT_B, TYPE, PAYLOAD, queue.jobsOfB, Instant.now().plusSeconds(1));
            }
            Claimer claimer = claimer(variant, database.dataSource(), store);
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            for (int i = -WARM_UP_CLAIMS; i < measuredClaims; i++) {
                long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
                long start = System.nanoTime();
                List<String> claimed = claimer.claim();
                long elapsed = System.nanoTime() - start;
                long allocatedNow = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
                // Back in the queue, untimed, so that every claim sees the same backlog.
                setStatus(database.dataSource(), claimed, "QUEUED");
                if (i >= 0) {
                    millis[i] = elapsed / 1e6;
                    allocated += allocatedNow;
                }
            }
            heapMiB = heapUsedMiB();
        } catch (Exception e) {
            database.close();
            throw e;
        }
        long closing = System.nanoTime();
        database.close();
        double closeMillis = (System.nanoTime() - closing) / 1e6;
        Arrays.sort(millis);
        return new ClaimCost(millis[measuredClaims / 2], millis[(int) Math.ceil(measuredClaims * 0.99) - 1],
                allocated / 1024.0 / measuredClaims, heapMiB, closeMillis);
    }

    /**
     * Tenant A's backlog is queued, then tenant B submits one job; a worker with instant handlers
     * claims batches and finishes them until B's job is among them.
     */
    private static Wait measureWaitOfSecondTenant(Path directory, Variant variant) throws Exception {
        try (TestDatabase database = open(directory, variant, "wait")) {
            JobStore store = new JobStore(database.dataSource());
            Claimer claimer = claimer(variant, database.dataSource(), store);
            QueuedJobRows.insert(database.dataSource(), TENANT_A, TYPE, PAYLOAD, BACKLOG_OF_A, Instant.now());
            String jobOfB = QueuedJobRows.insert(database.dataSource(), TENANT_B, TYPE, PAYLOAD, 1,
                    Instant.now().plusSeconds(1)).get(0);
            long submitted = System.nanoTime();
            long deadline = submitted + WAIT_LIMIT.toNanos();
            int rounds = 0;
            while (System.nanoTime() < deadline) {
                List<String> claimed = claimer.claim();
                rounds++;
                if (claimed.contains(jobOfB)) {
                    return new Wait((System.nanoTime() - submitted) / 1e6, rounds, true, 0);
                }
                setStatus(database.dataSource(), claimed, "SUCCEEDED");
            }
            return new Wait(WAIT_LIMIT.toMillis(), rounds, false, queuedJobsOf(database.dataSource(), TENANT_A));
        }
    }

    /** Untimed bookkeeping between measured claims. */
    private static void setStatus(DataSource dataSource, List<String> jobIds, String status) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE JOBS SET STATUS = ? WHERE ID = ?")) {
            for (String id : jobIds) {
                update.setString(1, status);
                update.setString(2, id);
                update.executeUpdate();
            }
        }
    }

    private static int queuedJobsOf(DataSource dataSource, String tenantId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement count = connection.prepareStatement(
                     "SELECT COUNT(*) FROM JOBS WHERE STATUS = 'QUEUED' AND TENANT_ID = ?")) {
            count.setString(1, tenantId);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private static TestDatabase open(Path directory, Variant variant, String scenario) throws SQLException {
        TestDatabase database = TestDatabase.inDirectory(directory.resolve(variant.name().toLowerCase() + "-" + scenario));
        if (variant == Variant.BEFORE) {
            // The schema the old claim ran on had this index; V2 replaced it.
            try (Connection connection = database.dataSource().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE INDEX IX_JOBS_STATUS_CREATED ON JOBS (STATUS, CREATED_AT)");
            }
        }
        return database;
    }

    private static Claimer claimer(Variant variant, DataSource dataSource, JobStore store) {
        return switch (variant) {
            case BEFORE -> () -> claimOldestQueuedFirst(dataSource, HANDLED, BATCH);
            case AFTER -> () -> TestJobs.claim(store, HANDLED, BATCH).stream().map(JobStore.ClaimedJob::id).toList();
        };
    }

    /** The old claim, as it was: one sorted query over every queued job, payloads included, then compare-and-set. */
    private static List<String> claimOldestQueuedFirst(DataSource dataSource, Collection<String> types, int limit)
            throws SQLException {
        List<String> claimed = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(OLDEST_QUEUED_FIRST);
             PreparedStatement update = connection.prepareStatement(OLD_CLAIM_JOB)) {
            select.setString(1, types.iterator().next());
            select.setInt(2, limit);
            // Payloads read with the candidates, as the old claim did.
            List<String> candidates = new ArrayList<>();
            List<String> payloads = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    candidates.add(rows.getString(1));
                    payloads.add(rows.getString(4));
                }
            }
            for (String job : candidates) {
                update.setTimestamp(1, Timestamp.from(Instant.now()));
                update.setString(2, job);
                if (update.executeUpdate() == 1) {
                    claimed.add(job);
                }
            }
        }
        return claimed;
    }

    private static double heapUsedMiB() {
        System.gc();
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return (runtime.totalMemory() - runtime.freeMemory()) / 1024.0 / 1024.0;
    }

    private static void print(ClaimCost[][] costs, Wait[] waits) {
        System.out.printf("Job claim on an H2 file database (WRITE_DELAY=0): batches of %d, %s claims measured after %d"
                + " warm-up, 2 KB payloads%n%n", BATCH, Variant.BEFORE.measuredClaims + " (before) and "
                + Variant.AFTER.measuredClaims + " (after)", WARM_UP_CLAIMS);
        String row = "%-44s %24s %26s%n";
        System.out.printf(row, "", Variant.BEFORE.label, Variant.AFTER.label);
        for (Queue queue : Queue.values()) {
            ClaimCost before = costs[queue.ordinal()][Variant.BEFORE.ordinal()];
            ClaimCost after = costs[queue.ordinal()][Variant.AFTER.ordinal()];
            System.out.println(queue.label);
            System.out.printf(row, "  claim latency, median (ms)", "%.3f".formatted(before.medianMillis()),
                    "%.3f".formatted(after.medianMillis()));
            System.out.printf(row, "  claim latency, p99 (ms)", "%.3f".formatted(before.p99Millis()),
                    "%.3f".formatted(after.p99Millis()));
            System.out.printf(row, "  allocated per claim (KiB)", "%.1f".formatted(before.allocatedKiBPerClaim()),
                    "%.1f".formatted(after.allocatedKiBPerClaim()));
            System.out.printf(row, "  heap used after System.gc() (MiB)", "%.1f".formatted(before.heapMiB()),
                    "%.1f".formatted(after.heapMiB()));
            System.out.printf(row, "  closing the database afterwards (ms)", "%.0f".formatted(before.closeMillis()),
                    "%.0f".formatted(after.closeMillis()));
        }
        Wait before = waits[Variant.BEFORE.ordinal()];
        Wait after = waits[Variant.AFTER.ordinal()];
        System.out.println("tenant B submits 1 job behind A's 19,999 (handlers finish at once)");
        System.out.printf(row, "  B's job claimed after (ms)", waited(before), waited(after));
        System.out.printf(row, "  claim rounds run", before.rounds(), after.rounds());
        System.out.printf(row, "  A's jobs still queued ahead of it", before.stillAhead(), after.stillAhead());
    }

    private static String waited(Wait wait) {
        return wait.claimed() ? "%.1f".formatted(wait.millis()) : "not within %.0f".formatted(wait.millis());
    }
}
