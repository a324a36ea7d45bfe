package io.baseplate.jobs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.baseplate.core.testing.TestDatabase;
import io.baseplate.api.persistence.Persistence;

/** The worker's claim, finish and recovery SQL against the real schema. */
class JobStoreTest {

    private TestDatabase database;
    private Persistence persistence;
    private JobQueue queue;
    private JobStore store;

    @BeforeEach
    void setUp() throws Exception {
        database = TestDatabase.inMemory();
        persistence = database.persistence(JobEntity.class);
        queue = new JobQueue(persistence);
        store = new JobStore(database.dataSource());
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void claimsOnlyQueuedJobsOfTypesThatHaveAHandlerAndOnlyOnce() throws Exception {
        String receipt = queue.submit("acme", "SendReceipt", Map.of("k", "v"));
        queue.submit("acme", "GenerateReport", Map.of());

        List<JobStore.ClaimedJob> claimed = store.claim(Set.of("SendReceipt"), 10);
        assertEquals(1, claimed.size());
        assertEquals(receipt, claimed.get(0).id());
        assertEquals("acme", claimed.get(0).tenantId());
        assertEquals(1, claimed.get(0).attempt());
        assertEquals(Map.of("k", "v"), JobQueue.payloadOf(claimed.get(0).payload()));
        assertEquals(JobStatus.RUNNING, queue.find("acme", receipt).orElseThrow().status());

        assertTrue(store.claim(Set.of("SendReceipt"), 10).isEmpty(), "a running job must not be claimed twice");
    }

    @Test
    void respectsTheClaimLimit() throws Exception {
        for (int i = 0; i < 5; i++) {
            queue.submit("acme", "SendReceipt", Map.of());
        }
        assertEquals(2, store.claim(Set.of("SendReceipt"), 2).size());
        assertEquals(0, store.claim(Set.of("SendReceipt"), 0).size());
    }

    @Test
    void finishingRecordsTheOutcome() throws Exception {
        String id = queue.submit("acme", "SendReceipt", Map.of());
        JobStore.ClaimedJob claimed = store.claim(Set.of("SendReceipt"), 1).get(0);
        store.finish(claimed, JobStatus.SUCCEEDED, "receipt text", null);

        JobQueue.JobView job = queue.find("acme", id).orElseThrow();
        assertEquals(JobStatus.SUCCEEDED, job.status());
        assertEquals("receipt text", job.result());
        assertEquals(1, job.attempts());
    }

    @Test
    void runningJobsOfACrashedProcessReturnToTheQueueAndRunAgain() throws Exception {
        String id = queue.submit("acme", "SendReceipt", Map.of());
        store.claim(Set.of("SendReceipt"), 1);

        assertEquals(1, store.requeueAllRunning());
        assertEquals(JobStatus.QUEUED, queue.find("acme", id).orElseThrow().status());
        List<JobStore.ClaimedJob> again = store.claim(Set.of("SendReceipt"), 1);
        assertEquals(2, again.get(0).attempt(), "the retry is counted as a second attempt");
    }

    @Test
    void aLateFinishAfterRequeueDoesNotOverwriteTheQueuedState() throws Exception {
        String id = queue.submit("acme", "SendReceipt", Map.of());
        JobStore.ClaimedJob claimed = store.claim(Set.of("SendReceipt"), 1).get(0);
        store.requeue(List.of(claimed));
        store.finish(claimed, JobStatus.SUCCEEDED, "too late", null);
        assertEquals(JobStatus.QUEUED, queue.find("acme", id).orElseThrow().status());
    }

    @Test
    void aLateAttemptCannotOverwriteTheNextAttempt() throws Exception {
        String id = queue.submit("acme", "SendReceipt", Map.of());
        JobStore.ClaimedJob first = store.claim(Set.of("SendReceipt"), 1).get(0);
        store.requeue(List.of(first));
        JobStore.ClaimedJob second = store.claim(Set.of("SendReceipt"), 1).get(0);

        store.finish(first, JobStatus.FAILED, null, "the first attempt, finished late");
        assertEquals(0, store.requeue(List.of(first)), "the late attempt's worker cannot put the job back");
        assertEquals(JobStatus.RUNNING, queue.find("acme", id).orElseThrow().status());

        store.finish(second, JobStatus.SUCCEEDED, "sent", null);
        assertEquals(JobStatus.SUCCEEDED, queue.find("acme", id).orElseThrow().status());
    }
}
