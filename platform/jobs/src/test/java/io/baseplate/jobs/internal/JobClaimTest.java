package io.baseplate.jobs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.baseplate.core.testing.TestDatabase;

/** Claiming is fair across tenants, reads only what it claims, seeks the index, and never claims twice. */
class JobClaimTest {

    private static final String RECEIPT = "SendReceipt";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private TestDatabase database;

    @BeforeEach
    void setUp() throws Exception {
        database = TestDatabase.inMemory();
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void aTenantsJobIsInTheFirstBatchBehindAnotherTenantsBacklog() throws Exception {
        List<String> backlog = insert("acme", RECEIPT, 20_000, T0);
        String late = insert("globex", RECEIPT, 1, T0.plusSeconds(60)).get(0);

        List<String> batch = ids(TestJobs.claim(new JobStore(database.dataSource()), Set.of(RECEIPT), 4));

        assertEquals(List.of(backlog.get(0), late, backlog.get(1), backlog.get(2)), batch,
                "tenants take turns, each giving its oldest job");
    }

    @Test
    void servesTenantsInTurnAcrossClaims() throws Exception {
        List<String> acme = insert("acme", RECEIPT, 10, T0);
        List<String> globex = insert("globex", RECEIPT, 10, T0.plusSeconds(1));
        List<String> initech = insert("initech", RECEIPT, 10, T0.plusSeconds(2));
        JobStore store = new JobStore(database.dataSource());

        List<String> claimed = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            claimed.addAll(ids(TestJobs.claim(store, Set.of(RECEIPT), 1)));
        }
        assertEquals(List.of(acme.get(0), globex.get(0), initech.get(0), acme.get(1)), claimed);
    }

    @Test
    void takesATenantsOldestJobAcrossTheHandledTypes() throws Exception {
        insert("acme", RECEIPT, 3, T0.plusSeconds(1));
        String report = insert("acme", "GenerateReport", 1, T0).get(0);
        insert("acme", "Unhandled", 1, T0.minusSeconds(1));

        List<JobStore.ClaimedJob> claimed = TestJobs.claim(new JobStore(database.dataSource()),
                Set.of(RECEIPT, "GenerateReport"), 1);
        assertEquals(List.of(report), ids(claimed));
        assertEquals("GenerateReport", claimed.get(0).type());
    }

    @Test
    void aLargeClaimGivesEachTenantTurnsOfAnEighthOfIt() throws Exception {
        List<String> acme = insert("acme", RECEIPT, 100, T0);
        List<String> globex = insert("globex", RECEIPT, 100, T0.plusSeconds(60));

        List<String> claimed = ids(TestJobs.claim(new JobStore(database.dataSource()), Set.of(RECEIPT), 32));

        List<String> turns = new ArrayList<>();
        for (int turn = 0; turn < 4; turn++) {
            turns.addAll(acme.subList(turn * 4, turn * 4 + 4));
            turns.addAll(globex.subList(turn * 4, turn * 4 + 4));
        }
        assertEquals(turns, claimed, "turns of 4 jobs (32 / 8), oldest first, tenants alternating");
    }

    @Test
    void readsPayloadsOnlyOfTheJobsATurnClaims() throws Exception {
        insert("acme", RECEIPT, 50, T0);
        insert("globex", RECEIPT, 3, T0.plusSeconds(1));
        RecordingDataSource recording = new RecordingDataSource(database.dataSource());

        List<JobStore.ClaimedJob> claimed = TestJobs.claim(new JobStore(recording.dataSource()), Set.of(RECEIPT), 20);

        List<RecordingDataSource.Execution> payloadReads = recording.executions().stream()
                .filter(execution -> execution.sql().contains("PAYLOAD")).toList();
        assertEquals(20, claimed.size());
        assertTrue(payloadReads.stream().allMatch(execution -> execution.sql().equals(JobStore.OLDEST_QUEUED_JOBS)),
                "only the read of a tenant's oldest jobs names PAYLOAD: " + payloadReads);
        assertTrue(payloadReads.stream().allMatch(execution -> (Integer) execution.parameters().get(2) <= 20 / 8),
                "each read asks for one turn's jobs (20 / 8), which the turn then claims: " + payloadReads);
        claimed.forEach(job -> assertEquals("{}", job.payload()));
    }

    @Test
    void everyClaimQueryIsAnIndexSeekWhateverTheBacklog() throws Exception {
        insert("acme", RECEIPT, 20_000, T0);
        insert("globex", RECEIPT, 1, T0.plusSeconds(60));

        for (String cursor : List.of("", "acme", "globex")) {
            String plan = plan("EXPLAIN ANALYZE " + JobStore.NEXT_TENANT, RECEIPT, JobStore.seekBoundAfter(cursor));
            assertIndexSeek(plan, 1);
        }
        for (String tenant : List.of("acme", "globex")) {
            assertIndexSeek(plan("EXPLAIN ANALYZE " + JobStore.OLDEST_QUEUED_JOBS, RECEIPT, tenant, "16"), 16);
        }
        assertTrue(plan("EXPLAIN " + JobStore.CLAIM_JOB, Instant.now().toString(), "id").contains("PRIMARY_KEY"));
    }

    @Test
    void promotionAndRecoveryReadOnlyTheScheduledAndTheRunningJobs() throws Exception {
        insert("acme", RECEIPT, 20_000, T0);
        insert("globex", RECEIPT, 5_000, T0);
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement schedule = connection.prepareStatement(
                     "UPDATE JOBS SET STATUS = 'SCHEDULED', RUN_AT = ?, SCHEDULED_AT = ? WHERE TENANT_ID = 'globex'")) {
            Timestamp tomorrow = Timestamp.from(Instant.now().plusSeconds(86_400));
            schedule.setTimestamp(1, tomorrow);
            schedule.setTimestamp(2, tomorrow);
            schedule.executeUpdate();
        }
        String epoch = Instant.EPOCH.toString().replace("T", " ").replace("Z", "");
        String now = Instant.now().toString().replace("T", " ").replace("Z", "");

        String promotion = plan("EXPLAIN ANALYZE SELECT ID FROM JOBS WHERE " + JobStore.DUE_SCHEDULED, epoch, now);
        assertTrue(promotion.contains("PUBLIC.IX_JOBS_SCHEDULED: "), promotion);
        assertTrue(rowsScanned(promotion) <= 1, "none of the 20,000 queued or 5,000 later jobs is read: " + promotion);
        String promotionStep = plan("EXPLAIN UPDATE JOBS SET STATUS = 'QUEUED' WHERE ID = ? AND STATUS = 'SCHEDULED'", "id");
        assertTrue(promotionStep.contains("PRIMARY_KEY"), promotionStep);
        String recovery = plan("EXPLAIN ANALYZE SELECT ID FROM JOBS WHERE " + JobStore.EXPIRED_LEASES, now);
        assertTrue(recovery.contains("PUBLIC.IX_JOBS_CLAIM: STATUS = 'RUNNING'"), recovery);
        assertTrue(rowsScanned(recovery) <= 1, "none of the 20,000 queued jobs is read: " + recovery);
    }

    private static void assertIndexSeek(String plan, int rowsReturned) {
        assertTrue(plan.contains("PUBLIC.IX_JOBS_CLAIM: "), plan);
        assertTrue(plan.contains("/* index sorted */"), "no sort of the queue: " + plan);
        assertTrue(rowsScanned(plan) <= rowsReturned, "reads no row but those it returns: " + plan);
    }

    @Test
    void concurrentClaimersNeverClaimTheSameJobTwice() throws Exception {
        Set<String> queued = new HashSet<>();
        for (String tenant : List.of("acme", "globex", "initech")) {
            queued.addAll(insert(tenant, RECEIPT, 300, T0));
        }
        int claimers = 6;
        ConcurrentLinkedQueue<String> claimed = new ConcurrentLinkedQueue<>();
        AtomicInteger claimedCount = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(claimers);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int i = 0; i < claimers; i++) {
            JobStore node = new JobStore(database.dataSource());
            threads.execute(() -> {
                try {
                    start.await();
                    while (claimedCount.get() < queued.size() && System.nanoTime() < deadline) {
                        List<String> batch = ids(TestJobs.claim(node, Set.of(RECEIPT), 3));
                        claimed.addAll(batch);
                        claimedCount.addAndGet(batch.size());
                    }
                } catch (InterruptedException | SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        start.countDown();
        threads.shutdown();
        assertTrue(threads.awaitTermination(90, TimeUnit.SECONDS), "claimers finished");

        List<String> all = new ArrayList<>(claimed);
        assertEquals(all.size(), new HashSet<>(all).size(), "no job claimed twice");
        assertEquals(queued, new HashSet<>(all), "every job claimed");
    }

    private List<String> insert(String tenant, String type, int count, Instant firstCreatedAt) throws SQLException {
        return QueuedJobRows.insert(database.dataSource(), tenant, type, "{}", count, firstCreatedAt);
    }

    private String plan(String explain, String... parameters) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(explain)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    private static int rowsScanned(String plan) {
        Matcher scanCount = Pattern.compile("scanCount: (\\d+)").matcher(plan);
        assertTrue(scanCount.find(), plan);
        return Integer.parseInt(scanCount.group(1));
    }

    private static List<String> ids(List<JobStore.ClaimedJob> jobs) {
        return jobs.stream().map(JobStore.ClaimedJob::id).toList();
    }
}
