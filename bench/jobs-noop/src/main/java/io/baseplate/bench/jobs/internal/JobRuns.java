package io.baseplate.bench.jobs.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.baseplate.api.command.CommandBus;
import io.baseplate.api.command.CommandRequest;
import io.baseplate.api.rest.ProblemException;

/**
 * Starts runs of no-op jobs and keeps the latest few. Each job is one {@link CommandBus#submit} of a
 * {@value NoopCommandHandler#TYPE} command, as for any client: one committed job per call.
 */
@Component(service = JobRuns.class)
public class JobRuns {

    /** Payload keys of a {@value NoopCommandHandler#TYPE} command. */
    static final String RUN = "run";
    static final String JOB = "job";
    static final String SUBMITTED_NANOS = "submittedNanos";

    /** Runs kept for reading (up to 3.2 MB each); the oldest one no longer submitting goes first. */
    static final int KEPT = 8;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int BATCH = 1_000;

    private final CommandBus commands;
    private final Map<String, JobRun> runs = new LinkedHashMap<>();
    private final ExecutorService submitters;
    private volatile boolean stopping;

    @Activate
    public JobRuns(@Reference CommandBus commands) {
        this.commands = commands;
        AtomicInteger threadNumber = new AtomicInteger();
        this.submitters = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "bench-noop-submitter-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Lets submitting threads stop after their current submit; never interrupts one inside JDBC. */
    @Deactivate
    void deactivate() {
        stopping = true;
        submitters.shutdown();
        try {
            submitters.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts submitting a run's jobs on threads of its own and returns at once.
     *
     * @throws ProblemException 409 while another run is still submitting, so that runs never overlap
     */
    JobRun start(String tenantId, JobRun.Mode mode, int jobs, int submitterThreads, double rate) {
        JobRun run = new JobRun(UUID.randomUUID().toString(), tenantId, mode, jobs, submitterThreads, rate);
        synchronized (runs) {
            for (JobRun other : runs.values()) {
                if (other.submitting()) {
                    throw ProblemException.conflict("Run " + other.id() + " is still submitting its jobs");
                }
            }
            runs.put(run.id(), run);
            forgetOldRuns();
        }
        if (mode == JobRun.Mode.BURST) {
            AtomicInteger next = new AtomicInteger();
            for (int thread = 0; thread < submitterThreads; thread++) {
                submitters.execute(() -> submitBurst(run, next));
            }
        } else if (mode == JobRun.Mode.STEADY) {
            submitters.execute(() -> submitSteady(run));
        } else {
            submitters.execute(() -> submitBatches(run));
        }
        return run;
    }

    /** The run, if it exists and belongs to the tenant. */
    Optional<JobRun> find(String tenantId, String runId) {
        return find(runId).filter(run -> run.tenantId().equals(tenantId));
    }

    Optional<JobRun> find(String runId) {
        synchronized (runs) {
            return Optional.ofNullable(runs.get(runId));
        }
    }

    private void forgetOldRuns() {
        Iterator<JobRun> oldestFirst = runs.values().iterator();
        while (runs.size() > KEPT && oldestFirst.hasNext()) {
            if (!oldestFirst.next().submitting()) {
                oldestFirst.remove();
            }
        }
    }

    private void submitBurst(JobRun run, AtomicInteger next) {
        for (int job = next.getAndIncrement(); job < run.jobs() && !run.failed(); job = next.getAndIncrement()) {
            if (!submit(run, job)) {
                return;
            }
        }
    }

    /** One thread, job i submitted at start + i / rate: a late submit does not shift the ones after it. */
    private void submitSteady(JobRun run) {
        long start = System.nanoTime();
        for (int job = 0; job < run.jobs() && !run.failed(); job++) {
            long due = start + (long) (job * NANOS_PER_SECOND / run.rate());
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            if (!submit(run, job)) {
                return;
            }
        }
    }

    private void submitBatches(JobRun run) {
        for (int first = 0; first < run.jobs() && !run.failed() && !stopping; first += BATCH) {
            int end = Math.min(run.jobs(), first + BATCH);
            long called = System.nanoTime();
            List<CommandRequest> jobs = new ArrayList<>(end - first);
            for (int job = first; job < end; job++) {
                run.submitting(job, called);
                jobs.add(CommandRequest.of(run.tenantId(), NoopCommandHandler.TYPE, payload(run, job, called)));
            }
            try {
                commands.submitBatch(run.tenantId(), "bench run " + run.id(), jobs);
            } catch (RuntimeException e) {
                run.fail("Submitting jobs " + first + " to " + (end - 1) + " failed: " + e);
                return;
            }
            long returned = System.nanoTime();
            for (int job = first; job < end; job++) {
                run.submitted(job, returned);
            }
        }
        if (stopping) {
            run.fail("The bench bundle stopped while the run was submitting");
        }
    }

    private static Map<String, String> payload(JobRun run, int job, long calledNanos) {
        return Map.of(RUN, run.id(), JOB, Integer.toString(job), SUBMITTED_NANOS, Long.toString(calledNanos));
    }

    private boolean submit(JobRun run, int job) {
        if (stopping) {
            run.fail("The bench bundle stopped while the run was submitting");
            return false;
        }
        try {
            long called = System.nanoTime();
            run.submitting(job, called);
            commands.submit(run.tenantId(), NoopCommandHandler.TYPE, payload(run, job, called));
            run.submitted(job, System.nanoTime());
            return true;
        } catch (RuntimeException e) {
            run.fail("Submitting job " + job + " failed: " + e);
            return false;
        }
    }
}
