package io.baseplate.bench.jobs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.baseplate.api.command.Command;
import io.baseplate.api.rest.ProblemException;

class JobRunsTest {

    /** Runs each submitted job at once on the submitting thread, as a worker would later. */
    private static final class InlineQueue implements SubmitOnlyBus.Submitter {
        final Set<String> tenants = ConcurrentHashMap.newKeySet();
        final CountDownLatch submitted;
        final CountDownLatch release;
        NoopCommandHandler handler;

        InlineQueue(int jobs, CountDownLatch release) {
            this.submitted = new CountDownLatch(jobs);
            this.release = release;
        }

        @Override
        public String submit(String tenantId, String type, Map<String, String> payload) {
            try {
                if (!release.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("not released");
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            tenants.add(tenantId);
            String id = UUID.randomUUID().toString();
            handler.execute(new Command(id, tenantId, type, payload, 1));
            submitted.countDown();
            return id;
        }
    }

    private static JobRuns runsOn(InlineQueue queue) {
        JobRuns runs = new JobRuns(new SubmitOnlyBus(queue));
        queue.handler = new NoopCommandHandler(runs);
        return runs;
    }

    @Test
    void aBurstSubmitsEveryJobOnceAndReportsItsFigures() throws Exception {
        InlineQueue queue = new InlineQueue(200, new CountDownLatch(0));
        JobRuns runs = runsOn(queue);
        JobRun run = runs.start("tenant-a", JobRun.Mode.BURST, 200, 4, 0);
        assertTrue(queue.submitted.await(10, TimeUnit.SECONDS));
        runs.deactivate(); // waits for the submitting threads to record their last return
        JobRun.View view = run.view();
        assertEquals("done", view.status());
        assertEquals(200, view.started());
        assertEquals(200, view.finished());
        assertEquals(0, view.duplicateStarts());
        assertTrue(view.figures().jobsPerSecond() > 0);
        assertEquals(Set.of("tenant-a"), queue.tenants);
        assertTrue(runs.find("tenant-a", run.id()).isPresent());
        assertFalse(runs.find("tenant-b", run.id()).isPresent());
    }

    @Test
    void aSteadyRunKeepsItsSchedule() throws Exception {
        InlineQueue queue = new InlineQueue(5, new CountDownLatch(0));
        JobRuns runs = runsOn(queue);
        long start = System.nanoTime();
        JobRun run = runs.start("tenant-a", JobRun.Mode.STEADY, 5, 1, 100);
        assertTrue(queue.submitted.await(10, TimeUnit.SECONDS));
        runs.deactivate();
        // job 4 is due 40 ms after the first
        assertTrue(System.nanoTime() - start >= 40_000_000L);
        assertEquals("done", run.view().status());
    }

    @Test
    void aSecondRunIsRefusedWhileOneIsSubmitting() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        InlineQueue queue = new InlineQueue(3, release);
        JobRuns runs = runsOn(queue);
        runs.start("tenant-a", JobRun.Mode.BURST, 3, 1, 0);
        ProblemException refused = assertThrows(ProblemException.class,
                () -> runs.start("tenant-b", JobRun.Mode.BURST, 1, 1, 0));
        assertEquals(409, refused.getResponse().getStatus());
        release.countDown();
        assertTrue(queue.submitted.await(10, TimeUnit.SECONDS));
        runs.deactivate();
    }

    @Test
    void aFailedSubmitFailsTheRun() throws Exception {
        CountDownLatch attempted = new CountDownLatch(1);
        JobRuns runs = new JobRuns(new SubmitOnlyBus((tenantId, type, payload) -> {
            attempted.countDown();
            throw new IllegalStateException("database down");
        }));
        JobRun run = runs.start("tenant-a", JobRun.Mode.BURST, 10, 1, 0);
        assertTrue(attempted.await(10, TimeUnit.SECONDS));
        runs.deactivate();
        assertEquals("failed", run.view().status());
        assertTrue(run.view().failure().contains("database down"));
    }

    @Test
    void aJobOfAnUnknownRunIsDoneAtOnce() {
        NoopCommandHandler handler = new NoopCommandHandler(new JobRuns(new SubmitOnlyBus((tenantId, type, payload) -> "id")));
        assertEquals("no such run", handler.execute(new Command("j", "t", NoopCommandHandler.TYPE,
                Map.of(JobRuns.RUN, "gone", JobRuns.JOB, "0", JobRuns.SUBMITTED_NANOS, "1"), 1)));
        assertThrows(IllegalArgumentException.class,
                () -> handler.execute(new Command("j", "t", NoopCommandHandler.TYPE, Map.of(), 1)));
    }
}
