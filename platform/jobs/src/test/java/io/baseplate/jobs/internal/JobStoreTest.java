package io.baseplate.jobs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.baseplate.api.command.BatchProgress;
import io.baseplate.api.command.CommandBus;
import io.baseplate.api.command.CommandRequest;
import io.baseplate.core.testing.TestDatabase;

/** The engine's SQL against the real schema: leases, outcomes, retries, chains, batches, cancellation. */
class JobStoreTest {

    private static final String RECEIPT = "SendReceipt";
    private static final Set<String> HANDLED = Set.of(RECEIPT);

    private TestDatabase database;
    private JobQueue queue;
    private JobStore store;

    @BeforeEach
    void setUp() throws Exception {
        database = TestDatabase.inMemory();
        queue = new JobQueue(database.dataSource(), database.persistence(JobEntity.class));
        queue.handledBy(HANDLED::contains, type -> 1);
        store = queue.store();
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void claimsOnlyQueuedJobsOfHandledTypesOnceUnderALease() throws Exception {
        String receipt = queue.submit("acme", RECEIPT, Map.of("k", "v"));
        String report = queue.submit("acme", "GenerateReport", Map.of());
        assertEquals(JobStatus.WAITING_FOR_HANDLER, status(report), "no handler of its type is installed");

        List<JobStore.ClaimedJob> claimed = TestJobs.claim(store, HANDLED, 10);
        assertEquals(1, claimed.size());
        assertEquals(receipt, claimed.get(0).id());
        assertEquals(1, claimed.get(0).attempt());
        assertEquals(5, claimed.get(0).maxAttempts(), "the policy's attempts are fixed at the first claim");
        assertEquals(Map.of("k", "v"), JobRows.payloadOf(claimed.get(0).payload()));
        assertEquals(JobStatus.RUNNING, status(receipt));
        assertEquals(TestJobs.NODE, column(receipt, "LEASE_OWNER"));
        assertTrue(TestJobs.claim(store, HANDLED, 10).isEmpty(), "a running job must not be claimed twice");
    }

    @Test
    void aFailedAttemptIsRetriedAfterItsBackoffAndIsDeadAfterTheLast() throws Exception {
        String id = queue.submit(CommandRequest.of("acme", RECEIPT, Map.of()).withMaxAttempts(2));
        JobStore.ClaimedJob first = TestJobs.claim(store, HANDLED, 1).get(0);
        assertEquals(JobStore.AfterFailure.RETRY_SCHEDULED,
                TestJobs.fail(store, first, TestJobs.NODE, "smtp down", false, Duration.ofMinutes(5)));
        assertEquals(JobStatus.SCHEDULED, status(id));
        store.promoteDue(HANDLED);
        assertTrue(TestJobs.claim(store, HANDLED, 1).isEmpty(), "not before its backoff has passed");

        makeDue(id);
        store.promoteDue(HANDLED);
        JobStore.ClaimedJob second = TestJobs.claim(store, HANDLED, 1).get(0);
        assertEquals(2, second.attempt());
        assertEquals(JobStore.AfterFailure.DEAD, TestJobs.fail(store, second, TestJobs.NODE, "smtp down again", false, Duration.ZERO));
        assertEquals(JobStatus.DEAD, status(id));
        assertEquals("smtp down again", queue.find("acme", id).orElseThrow().lastError());
    }

    @Test
    void aPermanentFailureIsDeadAtOnceAndADeadJobCanBeRetried() throws Exception {
        String id = queue.submit("acme", RECEIPT, Map.of());
        JobStore.ClaimedJob attempt = TestJobs.claim(store, HANDLED, 1).get(0);
        assertEquals(JobStore.AfterFailure.DEAD, TestJobs.fail(store, attempt, TestJobs.NODE, "no such address", true, Duration.ZERO));

        assertTrue(queue.retry("acme", id, RECEIPT));
        assertEquals(JobStatus.QUEUED, status(id));
        JobStore.ClaimedJob again = TestJobs.claim(store, HANDLED, 1).get(0);
        assertEquals(2, again.attempt());
        assertEquals(2, again.maxAttempts(), "one more attempt than it had");
        assertTrue(TestJobs.succeed(store, again, TestJobs.NODE, "sent"));
        assertFalse(queue.retry("acme", id, RECEIPT), "a job that succeeded is not retried");
    }

    @Test
    void onlyExpiredLeasesAreTakenBackAndALateAttemptCannotOverwriteTheNext() throws Exception {
        String id = queue.submit("acme", RECEIPT, Map.of());
        JobStore.ClaimedJob stalled = TestJobs.claim(store, HANDLED, 1).get(0);
        assertEquals(0, store.recover(null, null), "a live lease of another node is left alone");

        expireLease(id);
        assertEquals(1, store.recover(null, null));
        assertEquals(JobStatus.QUEUED, status(id));
        JobStore.ClaimedJob next = store.claim(HANDLED, 1, "other-node", TestJobs.LEASE, type -> 5).get(0);

        assertFalse(TestJobs.succeed(store, stalled, TestJobs.NODE, "too late"), "the stalled attempt lost its lease");
        assertEquals(List.of(id), store.heartbeat(TestJobs.NODE, List.of(stalled), TestJobs.LEASE));
        assertEquals(JobStatus.RUNNING, status(id));
        assertTrue(TestJobs.succeed(store, next, "other-node", "sent"));
        assertEquals(JobStatus.SUCCEEDED, status(id));
    }

    @Test
    void aRestartedNodeTakesBackItsOwnRunningJobsAtOnce() throws Exception {
        String id = queue.submit("acme", RECEIPT, Map.of());
        TestJobs.claim(store, HANDLED, 1);
        assertEquals(0, store.recover("another-node", "another-node/p1"));
        assertEquals(0, store.recover(TestJobs.NODE_ID, TestJobs.NODE),
                "a worker reactivated in the same process leaves its predecessor's jobs to their lease");
        assertEquals(1, store.recover(TestJobs.NODE_ID, TestJobs.RESTARTED));
        assertEquals(JobStatus.QUEUED, status(id));
    }

    @Test
    void aJobOutOfAttemptsWhoseNodeDiedIsDeadNotRequeuedForEver() throws Exception {
        String id = queue.submit(CommandRequest.of("acme", RECEIPT, Map.of()).withMaxAttempts(1));
        TestJobs.claim(store, HANDLED, 1);
        assertEquals(1, store.recover(TestJobs.NODE_ID, TestJobs.RESTARTED));
        assertEquals(JobStatus.DEAD, status(id));
    }

    @Test
    void aChainedJobRunsAfterItsParentSucceedsAndIsCancelledWhenItDies() throws Exception {
        String parent = queue.submit("acme", RECEIPT, Map.of());
        String child = queue.submit(CommandRequest.of("acme", RECEIPT, Map.of()).after(parent));
        String grandchild = queue.submit(CommandRequest.of("acme", RECEIPT, Map.of()).after(child));
        assertEquals(JobStatus.AWAITING_PARENT, status(child));

        JobStore.ClaimedJob running = TestJobs.claim(store, HANDLED, 5).get(0);
        assertEquals(parent, running.id(), "only the parent is claimable");
        assertTrue(TestJobs.succeed(store, running, TestJobs.NODE, "done"));
        assertEquals(JobStatus.QUEUED, status(child));
        assertEquals(JobStatus.AWAITING_PARENT, status(grandchild));

        JobStore.ClaimedJob childAttempt = TestJobs.claim(store, HANDLED, 5).get(0);
        TestJobs.fail(store, childAttempt, TestJobs.NODE, "broken", true, Duration.ZERO);
        assertEquals(JobStatus.CANCELLED, status(grandchild));

        String late = queue.submit(CommandRequest.of("acme", RECEIPT, Map.of()).after(child));
        assertEquals(JobStatus.CANCELLED, status(late), "chained after a dead job: cancelled at once");
    }

    @Test
    void cancellingAJobThatHasNotStartedCancelsItsChainButARunningJobCannotBeCancelled() throws Exception {
        String running = queue.submit("acme", RECEIPT, Map.of());
        TestJobs.claim(store, HANDLED, 1);
        String scheduled = queue.submit(CommandRequest.of("acme", RECEIPT, Map.of()).withDelay(Duration.ofHours(1)));
        String chained = queue.submit(CommandRequest.of("acme", RECEIPT, Map.of()).after(scheduled));
        assertEquals(JobStatus.SCHEDULED, status(scheduled));

        assertFalse(queue.cancel("acme", running));
        assertFalse(queue.cancel("globex", scheduled), "another tenant's job");
        assertTrue(queue.cancel("acme", scheduled));
        assertEquals(JobStatus.CANCELLED, status(scheduled));
        assertEquals(JobStatus.CANCELLED, status(chained));
    }

    @Test
    void aDedupeKeyGivesOneJobPerTenant() {
        String first = queue.submit(CommandRequest.of("acme", RECEIPT, Map.of()).withDedupeKey("event:1"));
        assertEquals(first, queue.submit(CommandRequest.of("acme", RECEIPT, Map.of("x", "y")).withDedupeKey("event:1")));
        assertFalse(first.equals(queue.submit(CommandRequest.of("globex", RECEIPT, Map.of()).withDedupeKey("event:1"))));
    }

    @Test
    void jobsWaitWhileNoHandlerIsInstalledAndQueueWhenOneIs() throws Exception {
        String id = queue.submit("acme", RECEIPT, Map.of());
        assertEquals(1, store.parkQueued(RECEIPT));
        assertEquals(JobStatus.WAITING_FOR_HANDLER, status(id));
        assertTrue(TestJobs.claim(store, HANDLED, 1).isEmpty());
        assertEquals(1, store.queueWaiting(RECEIPT));
        assertEquals(id, TestJobs.claim(store, HANDLED, 1).get(0).id());
    }

    @Test
    void aBatchCountsItsChildrenAndItsLastChildWritesTheDoneEvent() throws Exception {
        String batch = queue.submitBatch("acme", "spring campaign", List.of(
                CommandRequest.of("acme", RECEIPT, Map.of("to", "a@example.com")),
                CommandRequest.of("acme", RECEIPT, Map.of("to", "b@example.com")),
                CommandRequest.of("acme", RECEIPT, Map.of("to", "c@example.com"))));
        List<JobStore.ClaimedJob> children = TestJobs.claim(store, HANDLED, 3);
        assertEquals(3, children.size());
        TestJobs.succeed(store, children.get(0), TestJobs.NODE, "sent");
        TestJobs.fail(store, children.get(1), TestJobs.NODE, "bad address", true, Duration.ZERO);
        BatchProgress halfway = queue.batch("acme", batch).orElseThrow();
        assertEquals(List.of(3, 1, 1, 2), List.of(halfway.total(), halfway.succeeded(), halfway.failed(), halfway.done()));
        assertEquals(0, outboxEvents(CommandBus.BATCH_TOPIC));

        TestJobs.succeed(store, children.get(2), TestJobs.NODE, "sent");
        BatchProgress done = queue.batch("acme", batch).orElseThrow();
        assertNotNull(done.finishedAt());
        assertEquals(1, outboxEvents(CommandBus.BATCH_TOPIC), "one done event, in the last child's transaction");
        assertTrue(queue.batch("globex", batch).isEmpty(), "another tenant's batch");
    }

    @Test
    void listsNewestFirstInPagesNarrowedByFilters() {
        for (int i = 0; i < 5; i++) {
            queue.submit("acme", RECEIPT, Map.of("n", String.valueOf(i)));
        }
        queue.submit("acme", "GenerateReport", Map.of());
        queue.submit("globex", RECEIPT, Map.of());
        JobQueue.JobFilter acmeReceipts = new JobQueue.JobFilter("acme", JobStatus.QUEUED, RECEIPT, null, null);

        JobQueue.JobPage first = queue.list(acmeReceipts, null, 3);
        JobQueue.JobPage second = queue.list(acmeReceipts, first.next(), 3);
        assertEquals(3, first.items().size());
        assertEquals(2, second.items().size());
        assertEquals(null, second.next());
        assertTrue(first.items().stream().allMatch(job -> job.tenantId().equals("acme") && job.type().equals(RECEIPT)));
        assertFalse(second.items().stream().anyMatch(first.items()::contains));
        assertEquals(7, queue.list(new JobQueue.JobFilter(null, null, null, null, null), null, 50).items().size());
    }

    private JobStatus status(String id) throws SQLException {
        return JobStatus.valueOf(column(id, "STATUS"));
    }

    private String column(String id, String column) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT " + column + " FROM JOBS WHERE ID = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    private int outboxEvents(String topic) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM OUTBOX_EVENTS WHERE TOPIC = ?")) {
            select.setString(1, topic);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    /** Moves a job's time a second into the past, as the clock would; a scheduled job keeps its due time in its index. */
    private void makeDue(String id) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE JOBS SET RUN_AT = ?, "
                     + "SCHEDULED_AT = CASE WHEN STATUS = 'SCHEDULED' THEN ? END WHERE ID = ?")) {
            Timestamp past = Timestamp.from(Instant.now().minusSeconds(1));
            update.setTimestamp(1, past);
            update.setTimestamp(2, past);
            update.setString(3, id);
            update.executeUpdate();
        }
    }

    private void expireLease(String id) throws SQLException {
        update("UPDATE JOBS SET LEASE_UNTIL = ? WHERE ID = ?", id);
    }

    private void update(String sql, String id) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement update = connection.prepareStatement(sql)) {
            update.setTimestamp(1, Timestamp.from(Instant.now().minusSeconds(1)));
            update.setString(2, id);
            update.executeUpdate();
        }
    }
}
