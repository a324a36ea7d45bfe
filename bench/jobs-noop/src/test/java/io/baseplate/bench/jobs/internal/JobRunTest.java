package io.baseplate.bench.jobs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class JobRunTest {

    private static final long MS = 1_000_000L;

    @Test
    void figuresSpanFirstSubmitCallToLastHandlerReturn() {
        JobRun run = new JobRun("r", "t", JobRun.Mode.BURST, 4, 2, 0);
        for (int job = 0; job < 4; job++) {
            run.submitting(job, 1_000 * MS + job * 10 * MS);
            run.submitted(job, 1_000 * MS + job * 10 * MS + 2 * MS);
            run.started(job, (job + 1) * MS);
            run.finished(job, 1_000 * MS + job * 10 * MS + 50 * MS);
        }
        JobRun.Figures figures = run.figures();
        assertEquals(JobRun.Status.DONE, run.status());
        assertEquals(0.080, figures.seconds(), 1e-9);
        assertEquals(50.0, figures.jobsPerSecond(), 1e-6);
        assertEquals(0.032, figures.submitSeconds(), 1e-9);
        assertEquals(new JobRun.Percentiles(2, 4, 4), figures.pickupMs());
        assertEquals(new JobRun.Percentiles(2, 2, 2), figures.submitCallMs());
    }

    @Test
    void noFiguresUntilTheLastSubmitHasReturned() {
        JobRun run = new JobRun("r", "t", JobRun.Mode.STEADY, 1, 1, 10);
        run.submitting(0, 5 * MS);
        // the worker ran the job before its submit call returned to the submitting thread
        run.started(0, MS);
        run.finished(0, 7 * MS);
        assertNull(run.figures());
        assertEquals(JobRun.Status.SUBMITTING, run.status());
        run.submitted(0, 8 * MS);
        assertNotNull(run.figures());
        assertEquals(0.003, run.figures().submitSeconds(), 1e-9);
    }

    @Test
    void aJobThatRunsAgainCountsAsDuplicateAndKeepsItsFirstFigures() {
        JobRun run = new JobRun("r", "t", JobRun.Mode.BURST, 1, 1, 0);
        run.submitting(0, 0);
        run.submitted(0, MS);
        run.started(0, 3 * MS);
        run.finished(0, 4 * MS);
        run.started(0, 900 * MS);
        run.finished(0, 901 * MS);
        assertEquals(1, run.view().duplicateStarts());
        assertEquals(3.0, run.figures().pickupMs().max(), 1e-9);
        assertEquals(0.004, run.figures().seconds(), 1e-9);
    }

    @Test
    void aFailedRunHasNoFigures() {
        JobRun run = new JobRun("r", "t", JobRun.Mode.BURST, 2, 1, 0);
        run.submitting(0, 0);
        run.submitted(0, MS);
        run.fail("database down");
        assertEquals(JobRun.Status.FAILED, run.status());
        assertEquals("failed", run.view().status());
        assertNull(run.figures());
    }

    @Test
    void nearestRankPercentiles() {
        double[] hundred = new double[100];
        for (int i = 0; i < 100; i++) {
            hundred[i] = 100 - i;
        }
        assertEquals(new JobRun.Percentiles(50, 95, 100), JobRun.percentiles(hundred));
        assertEquals(new JobRun.Percentiles(7, 7, 7), JobRun.percentiles(new double[] {7}));
        assertEquals(new JobRun.Percentiles(1, 2, 2), JobRun.percentiles(new double[] {2, 1}));
    }
}
