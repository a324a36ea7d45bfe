package io.baseplate.bench.jobs.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One measured run of no-op jobs. Every time is {@link System#nanoTime()} in this JVM: when each
 * job's {@code CommandBus.submit} was called and when it returned (the job committed), when its
 * handler started (the pickup latency is taken then, against the submit time the job carries in its
 * payload), and when the handler returned.
 */
final class JobRun {

    /** How the jobs are submitted. */
    enum Mode {
        /** As fast as the submitting threads go: measures throughput, queueing included. */
        BURST,
        /** One thread on a fixed schedule at a modest rate, so jobs do not queue: measures pickup latency. */
        STEADY,
        /**
         * One thread submitting batches of 1,000 jobs (CommandBus.submitBatch, one commit each): measures
         * what the engine runs, with submission's own commits mostly out of the way.
         */
        BATCH
    }

    enum Status { SUBMITTING, RUNNING, DONE, FAILED }

    /** Nearest-rank percentiles, in milliseconds. */
    record Percentiles(double p50, double p95, double max) {
    }

    /**
     * The run's figures, once every job was submitted and its handler returned.
     *
     * @param seconds       from the first submit call to the last handler return
     * @param jobsPerSecond jobs / seconds
     * @param submitSeconds from the first submit call to the last submit return
     * @param pickupMs      per job: handler start minus the submit call
     * @param submitCallMs  per job: how long the submit call took (the job's insert and commit)
     */
    record Figures(double seconds, double jobsPerSecond, double submitSeconds, Percentiles pickupMs,
                   Percentiles submitCallMs) {
    }

    /** The run as its REST resource shows it; {@code figures} is null until the run is done. */
    record View(String id, String mode, int jobs, Integer submitters, Double rate, String status, String failure,
                int submitted, int started, int finished, int duplicateStarts, Figures figures) {
    }

    private final String id;
    private final String tenantId;
    private final Mode mode;
    private final int jobs;
    private final int submitters;
    private final double rate;
    private final AtomicLongArray submitCalled;
    private final AtomicLongArray submitReturned;
    private final AtomicLongArray pickup;
    private final AtomicLongArray finished;
    private final AtomicReferenceArray<Boolean> startedJobs;
    private final AtomicInteger submittedCount = new AtomicInteger();
    private final AtomicInteger startedCount = new AtomicInteger();
    private final AtomicInteger finishedCount = new AtomicInteger();
    private final AtomicInteger duplicateStarts = new AtomicInteger();
    private volatile String failure;
    private Figures figures;

    JobRun(String id, String tenantId, Mode mode, int jobs, int submitters, double rate) {
        this.id = id;
        this.tenantId = tenantId;
        this.mode = mode;
        this.jobs = jobs;
        this.submitters = submitters;
        this.rate = rate;
        this.submitCalled = new AtomicLongArray(jobs);
        this.submitReturned = new AtomicLongArray(jobs);
        this.pickup = new AtomicLongArray(jobs);
        this.finished = new AtomicLongArray(jobs);
        this.startedJobs = new AtomicReferenceArray<>(jobs);
    }

    String id() {
        return id;
    }

    String tenantId() {
        return tenantId;
    }

    int jobs() {
        return jobs;
    }

    double rate() {
        return rate;
    }

    void submitting(int job, long calledNanos) {
        submitCalled.set(job, calledNanos);
    }

    void submitted(int job, long returnedNanos) {
        submitReturned.set(job, returnedNanos);
        submittedCount.incrementAndGet();
    }

    void fail(String reason) {
        if (failure == null) {
            failure = reason;
        }
    }

    boolean failed() {
        return failure != null;
    }

    boolean submitting() {
        return failure == null && submittedCount.get() < jobs;
    }

    /**
     * A job's handler started. A job that runs again (the queue runs each at least once) counts as a
     * duplicate start and keeps its first figures.
     */
    void started(int job, long pickupNanos) {
        if (job < 0 || job >= jobs) {
            throw new IllegalArgumentException("Run " + id + " has no job " + job);
        }
        if (!startedJobs.compareAndSet(job, null, Boolean.TRUE)) {
            duplicateStarts.incrementAndGet();
            return;
        }
        pickup.set(job, pickupNanos);
        startedCount.incrementAndGet();
    }

    void finished(int job, long finishedNanos) {
        if (finished.compareAndSet(job, 0L, finishedNanos)) {
            finishedCount.incrementAndGet();
        }
    }

    Status status() {
        if (failure != null) {
            return Status.FAILED;
        }
        if (figures() != null) {
            return Status.DONE;
        }
        return submittedCount.get() < jobs ? Status.SUBMITTING : Status.RUNNING;
    }

    /**
     * The figures once every job was submitted and its handler returned, else null. Both must be
     * awaited: a worker may run a job before its submit call has returned to the submitting thread.
     */
    synchronized Figures figures() {
        if (figures == null && failure == null && submittedCount.get() == jobs && finishedCount.get() == jobs) {
            figures = compute();
        }
        return figures;
    }

    View view() {
        Figures done = figures();
        return new View(id, mode.name().toLowerCase(Locale.ROOT), jobs, mode == Mode.BURST ? submitters : null,
                mode == Mode.STEADY ? rate : null, status().name().toLowerCase(Locale.ROOT), failure,
                submittedCount.get(), startedCount.get(), finishedCount.get(), duplicateStarts.get(), done);
    }

    private Figures compute() {
        long firstCall = Long.MAX_VALUE;
        long lastReturn = Long.MIN_VALUE;
        long lastFinish = Long.MIN_VALUE;
        double[] pickupMs = new double[jobs];
        double[] submitCallMs = new double[jobs];
        for (int job = 0; job < jobs; job++) {
            firstCall = Math.min(firstCall, submitCalled.get(job));
            lastReturn = Math.max(lastReturn, submitReturned.get(job));
            lastFinish = Math.max(lastFinish, finished.get(job));
            pickupMs[job] = pickup.get(job) / 1e6;
            submitCallMs[job] = (submitReturned.get(job) - submitCalled.get(job)) / 1e6;
        }
        double seconds = (lastFinish - firstCall) / 1e9;
        return new Figures(seconds, jobs / seconds, (lastReturn - firstCall) / 1e9, percentiles(pickupMs),
                percentiles(submitCallMs));
    }

    static Percentiles percentiles(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return new Percentiles(nearestRank(sorted, 50), nearestRank(sorted, 95), sorted[sorted.length - 1]);
    }

    /** The smallest value with at least p % of the values at or below it. */
    static double nearestRank(double[] sorted, int p) {
        int rank = (int) Math.ceil(sorted.length * p / 100.0);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
