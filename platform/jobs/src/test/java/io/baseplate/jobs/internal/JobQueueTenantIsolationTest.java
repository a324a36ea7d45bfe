package io.baseplate.jobs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.baseplate.core.testing.TestDatabase;
import io.baseplate.api.persistence.Persistence;

/** EclipseLink multitenancy on the real schema: one tenant never sees another's jobs. */
class JobQueueTenantIsolationTest {

    private TestDatabase database;
    private Persistence persistence;
    private JobQueue queue;

    @BeforeEach
    void setUp() throws Exception {
        database = TestDatabase.inMemory();
        persistence = database.persistence(JobEntity.class);
        queue = new JobQueue(database.dataSource(), persistence);
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void aTenantListsAndFindsOnlyItsOwnJobs() {
        String acmeJob = queue.submit("acme", "SendReceipt", Map.of("payment.id", "p-1"));
        String globexJob = queue.submit("globex", "SendReceipt", Map.of("payment.id", "p-2"));

        List<JobQueue.JobView> acmeJobs = queue.list(new JobQueue.JobFilter("acme", null, null, null, null), null, 50).items();
        assertEquals(List.of(acmeJob), acmeJobs.stream().map(JobQueue.JobView::id).toList());
        assertEquals(JobStatus.WAITING_FOR_HANDLER, acmeJobs.get(0).status(), "no handler is installed");
        assertTrue(queue.find("globex", acmeJob).isEmpty(), "globex must not read acme's job by id");
        assertTrue(queue.find("acme", globexJob).isEmpty(), "acme must not read globex's job by id");
        assertEquals(globexJob, queue.find("globex", globexJob).orElseThrow().id());
    }

    @Test
    void submissionWakesListeners() {
        int[] wakeUps = new int[1];
        queue.onSubmit(() -> wakeUps[0]++);
        queue.submit("acme", "SendReceipt", Map.of());
        assertEquals(1, wakeUps[0]);
    }
}
