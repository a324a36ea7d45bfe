package io.baseplate.jobs.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.baseplate.api.command.Command;
import io.baseplate.api.command.CommandBus;
import io.baseplate.api.command.CommandHandler;
import io.baseplate.api.command.PermanentFailure;
import io.baseplate.api.event.PlatformEvents;
import io.baseplate.core.support.RankedServices;

/**
 * Runs jobs on this node. It claims due jobs of the types it has handlers for, under a lease that a
 * heartbeat extends while they run, and per queue no more at once than the queue's threads. An
 * attempt ends however its handler ends (a result, any {@link Throwable}, a timeout) and is recorded
 * as a success, a retry after a backoff, or {@code DEAD}. Besides, it makes scheduled jobs due, takes
 * back jobs whose lease expired (another node died) and, at start, the jobs its own previous process
 * left running.
 *
 * <p>When the framework shuts down, the worker stops claiming, lets running jobs finish within the
 * grace period and gives the rest back to the queue, before any bundle stops. When only this bundle
 * stops (an update), the same drain runs on a thread of its own.
 */
@Component(immediate = true, configurationPid = JobWorker.PID)
@Designate(ocd = JobWorker.Config.class)
public class JobWorker {

    public static final String PID = "io.baseplate.jobs.worker";
    private static final String HANDLERS = "handlers";
    private static final String DEFAULT_QUEUE = "default";
    private static final Logger LOG = LoggerFactory.getLogger(JobWorker.class);
    private static final int OUTCOME_WRITE_TRIES = 5;
    private static final int MAX_OUTCOMES_PER_COMMIT = 500;
    /** This JVM, in lease owners' names: its pid and start time, the same across reactivations and bundle updates. */
    private static final String PROCESS = Long.toString(ProcessHandle.current().pid(), 36) + "-"
            + Long.toString(ManagementFactory.getRuntimeMXBean().getStartTime(), 36);
    private static final int MAX_NODE_ID_LENGTH = 40;
    /** Jobs claimed ahead per thread of a queue at least, whatever its throughput. */
    private static final int MIN_CLAIM_AHEAD_PER_THREAD = 8;
    /** A queue claims ahead the jobs it ran in this share of a second (its last second's throughput / 4). */
    private static final int CLAIM_AHEAD_DIVISOR = 4;
    private static final int MAX_CLAIM_AHEAD = 2_000;
    /** Outcomes are gathered for one commit while they keep arriving at most this far apart... */
    private static final long GATHER_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /** ...and for at most this long after the first. */
    private static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    @ObjectClassDefinition(name = "Baseplate job worker")
    public @interface Config {

        @AttributeDefinition(name = "Threads", description = "Jobs of the default queue, and of any queue not listed in queueThreads, run at the same time on this node", min = "1")
        int threads() default 4;

        @AttributeDefinition(name = "Threads per queue", description = "name=threads entries, e.g. email=2", required = false)
        String[] queueThreads() default {};

        @AttributeDefinition(name = "Poll interval (ms)", description = "How often the queue is checked when idle", min = "10")
        long pollMillis() default 500;

        @AttributeDefinition(name = "Lease (s)", description = "How long a claimed job is this node's without a heartbeat; another node takes it back after that", min = "3")
        long leaseSeconds() default 30;

        @AttributeDefinition(name = "Node id", description = "This node's name as lease owner; empty: one kept in the data directory", required = false)
        String nodeId() default "";

        @AttributeDefinition(name = "Shutdown grace (s)", description = "How long running jobs may finish at shutdown", min = "0")
        long shutdownGraceSeconds() default 20;
    }

    /**
     * A worker queue: at most {@code threads} of its jobs run at once, and more are claimed ahead (one
     * claim, one commit, for many jobs), held RUNNING under this node's lease: a quarter of a second of
     * the queue's recent throughput, and at least {@value #MIN_CLAIM_AHEAD_PER_THREAD} per thread. A fast
     * queue then pays one commit for hundreds of jobs, and a slow one holds few jobs it cannot start yet.
     */
    private record WorkQueue(int threads, Semaphore slots, AtomicInteger claimed, AtomicInteger claimAhead,
                             AtomicInteger finished) {

        WorkQueue(int threads) {
            this(threads, new Semaphore(threads), new AtomicInteger(), new AtomicInteger(minimumAhead(threads)),
                    new AtomicInteger());
        }

        private static int minimumAhead(int threads) {
            return threads * MIN_CLAIM_AHEAD_PER_THREAD;
        }

        int claimable() {
            return claimAhead.get() - claimed.get();
        }

        /** Sets the claim-ahead from the jobs that ended since the last call, {@code elapsedNanos} ago. */
        void adaptClaimAhead(long elapsedNanos) {
            double perSecond = finished.getAndSet(0) * (double) TimeUnit.SECONDS.toNanos(1) / elapsedNanos;
            int ahead = (int) Math.min(MAX_CLAIM_AHEAD, perSecond / CLAIM_AHEAD_DIVISOR);
            claimAhead.set(Math.max(minimumAhead(threads), ahead));
        }
    }

    /**
     * A claimed attempt. {@code started} once it holds a slot of its queue; {@code ended} makes its
     * outcome (from its handler, its timeout, or a shutdown giving it back) happen once.
     */
    private record Attempt(JobStore.ClaimedJob job, WorkQueue queue, AtomicBoolean started, AtomicBoolean ended,
                           AtomicReference<ScheduledFuture<?>> timeout) {
    }

    private final RankedServices<CommandHandler> handlers = new RankedServices<>(HANDLERS);
    /** The attempts this worker runs now, by job id. */
    private final Map<String, Attempt> running = new ConcurrentHashMap<>();
    private final Map<String, WorkQueue> queues = new ConcurrentHashMap<>();
    private final Map<String, Long> batchProgressPostedAt = new ConcurrentHashMap<>();
    private final Semaphore wakeUp = new Semaphore(0);
    private final BlockingQueue<Ending> endings = new LinkedBlockingQueue<>();
    private final JobQueue queue;
    private final JobStore store;
    private final EventAdmin events;
    private final JobMetrics metrics;
    private final Runnable wake = () -> wakeUp.release();
    private final SynchronousBundleListener frameworkStopping = event -> {
        if (event.getBundle().getBundleId() == 0 && event.getType() == BundleEvent.STOPPING) {
            drain();
        }
    };
    private ExecutorService pool;
    private ScheduledExecutorService timers;
    private Thread dispatcher;
    private Thread recorder;
    private volatile boolean recorderStopped;
    private Config config;
    private Duration lease;
    private String owner;
    private volatile boolean stopping;
    private boolean drained;
    /** {@link System#nanoTime()} of the last maintenance pass; 0 before the first. */
    private long lastMaintenance;

    @Activate
    public JobWorker(@Reference JobQueue queue, @Reference EventAdmin events, @Reference JobMetrics metrics) {
        this.queue = queue;
        this.store = queue.store();
        this.events = events;
        this.metrics = metrics;
    }

    @Reference(name = HANDLERS, service = CommandHandler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void addHandler(ServiceReference<CommandHandler> reference) {
        String type = commandType(reference);
        if (type == null) {
            return;
        }
        handlers.add(reference);
        try {
            store.queueWaiting(type);
        } catch (SQLException e) {
            LOG.warn("Could not queue the jobs waiting for a {} handler; the next sweep does: {}", type, e.toString());
        }
        wakeUp.release();
    }

    void removeHandler(ServiceReference<CommandHandler> reference) {
        handlers.remove(reference);
        String type = commandType(reference);
        if (type != null && !handles(type)) {
            try {
                store.parkQueued(type);
            } catch (SQLException e) {
                LOG.warn("Could not mark the queued {} jobs as waiting for a handler: {}", type, e.toString());
            }
        }
    }

    @Activate
    void activate(ComponentContext componentContext, Config configuration) throws SQLException, IOException {
        handlers.activate(componentContext);
        this.config = configuration;
        this.lease = Duration.ofSeconds(configuration.leaseSeconds());
        String node = nodeId(componentContext.getBundleContext(), configuration);
        this.owner = node + JobStore.OWNER_SEPARATOR + PROCESS;
        queueLimits(configuration).forEach((name, threads) -> queues.put(name, new WorkQueue(threads)));
        int recovered = store.recover(node, owner);
        if (recovered > 0) {
            LOG.info("Took back {} job(s) left running by this node's previous process or by nodes whose lease expired", recovered);
        }
        AtomicInteger threadNumber = new AtomicInteger();
        // Unbounded: each queue's semaphore bounds its jobs, and an attempt past its timeout keeps its
        // thread (it is never interrupted, see drain) while a new one takes its place.
        pool = Executors.newCachedThreadPool(r -> daemon(r, "baseplate-job-" + threadNumber.incrementAndGet()));
        timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "baseplate-job-timers"));
        long beat = Math.max(1, lease.toMillis() / 3);
        timers.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
        queue.handledBy(this::handles, this::maxAttempts);
        queue.onSubmit(wake);
        recorder = new Thread(this::recordEndings, "baseplate-job-recorder");
        recorder.start();
        dispatcher = new Thread(this::dispatch, "baseplate-job-dispatcher");
        dispatcher.start();
        componentContext.getBundleContext().addBundleListener(frameworkStopping);
        LOG.info("Job worker {} started: queues {}, lease {} s", owner, queueLimits(configuration).keySet(), lease.toSeconds());
    }

    @Deactivate
    void deactivate(BundleContext bundleContext) {
        bundleContext.removeBundleListener(frameworkStopping);
        queue.handledBy(type -> false, type -> JobPolicy.DEFAULT.maxAttempts());
        Thread drainer = new Thread(this::drain, "baseplate-job-drain");
        drainer.setDaemon(true);
        drainer.start();
    }

    /** Stops claiming, gives running jobs the grace period, and gives back those still running; runs once. */
    private synchronized void drain() {
        if (drained) {
            return;
        }
        drained = true;
        stopping = true;
        queue.removeSubmitListener(wake);
        // Never interrupt a thread inside JDBC: H2 closes its file channel on interrupt.
        wakeUp.release();
        try {
            dispatcher.join(5_000);
            // Jobs claimed ahead that have not started go back to the queue now; the grace is for running ones.
            List<Attempt> waiting = running.values().stream()
                    .filter(attempt -> !attempt.started().get() && attempt.ended().compareAndSet(false, true)).toList();
            if (!waiting.isEmpty()) {
                store.release(owner, waiting.stream().map(Attempt::job).toList());
                waiting.forEach(attempt -> running.remove(attempt.job().id()));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.shutdownGraceSeconds());
            while (!running.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            List<JobStore.ClaimedJob> unfinished = running.values().stream().map(Attempt::job).toList();
            if (!unfinished.isEmpty()) {
                int released = store.release(owner, unfinished);
                LOG.warn("{} job(s) did not finish within the shutdown grace period and were given back to the queue", released);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException | RuntimeException e) {
            LOG.error("Could not give back the jobs still running at shutdown; they are taken back at next start", e);
        } finally {
            recorderStopped = true;
            try {
                recorder.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            timers.shutdown();
            pool.shutdown();
        }
    }

    private void dispatch() {
        while (!stopping) {
            try {
                maintain();
                Map<String, Set<String>> typesByQueue = typesByQueue();
                for (Map.Entry<String, Set<String>> entry : typesByQueue.entrySet()) {
                    WorkQueue work = queues.computeIfAbsent(entry.getKey(), name -> new WorkQueue(config.threads()));
                    int claimable = work.claimable();
                    // While jobs are in hand, claim in chunks of half the capacity: every claim is a
                    // commit, and commits, not queries, are what a job costs the database.
                    if (claimable <= 0 || work.claimed().get() > 0 && claimable < work.claimAhead().get() / 2) {
                        continue;
                    }
                    for (JobStore.ClaimedJob job : store.claim(entry.getValue(), claimable, owner, lease, this::maxAttempts)) {
                        work.claimed().incrementAndGet();
                        Attempt attempt = new Attempt(job, work, new AtomicBoolean(), new AtomicBoolean(), new AtomicReference<>());
                        running.put(job.id(), attempt);
                        pool.execute(() -> start(attempt));
                    }
                }
                wakeUp.tryAcquire(config.pollMillis(), TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                LOG.warn("Job dispatch failed, retrying: {}", e.toString());
                pause();
            }
        }
    }

    /**
     * At most once a second: due scheduled jobs, expired leases, waiting jobs this node can run,
     * orphaned chains, and the ticks of recurring schedules.
     */
    private void maintain() throws SQLException {
        long now = System.nanoTime();
        if (lastMaintenance != 0) {
            long elapsed = now - lastMaintenance;
            if (elapsed < TimeUnit.SECONDS.toNanos(1)) {
                return;
            }
            queues.values().forEach(work -> work.adaptClaimAhead(elapsed));
        }
        lastMaintenance = now;
        Set<String> handled = handledTypes();
        store.promoteDue(handled);
        int recovered = store.recover(null, null);
        if (recovered > 0) {
            LOG.warn("Took back {} job(s) whose lease expired: their node stopped or stalled", recovered);
        }
        for (String type : handled) {
            store.queueWaiting(type);
        }
        store.settleOrphanedChildren();
        if (CronSchedules.fireDue(store, this::handles) > 0) {
            wakeUp.release();
        }
    }

    /** Waits for a slot of the attempt's queue, then runs it, unless a shutdown gave it back meanwhile. */
    private void start(Attempt attempt) {
        attempt.queue().slots().acquireUninterruptibly();
        attempt.started().set(true);
        if (attempt.ended().get()) {
            attempt.queue().slots().release();
            return;
        }
        metrics.pickedUp(attempt.job().dueAt());
        execute(attempt);
    }

    private void execute(Attempt attempt) {
        JobStore.ClaimedJob job = attempt.job();
        Optional<RankedServices.Chosen<CommandHandler>> chosen = handlers.best(reference -> job.type().equals(commandType(reference)));
        if (chosen.isEmpty()) {
            // The handler left between the claim and now: back to the queue.
            end(attempt, null);
            return;
        }
        JobPolicy policy = policy(chosen.get().reference());
        Command command;
        try {
            command = new Command(job.id(), job.tenantId(), job.type(), JobRows.payloadOf(job.payload()), job.attempt());
        } catch (RuntimeException unreadable) {
            fail(attempt, policy, "The stored payload cannot be read: " + unreadable.getMessage(), true);
            return;
        }
        Duration timeout = policy.timeout();
        if (timeout != null) {
            attempt.timeout().set(timers.schedule(() -> fail(attempt, policy, "Timed out after " + timeout.toSeconds() + " s", false),
                    timeout.toMillis(), TimeUnit.MILLISECONDS));
        }
        try {
            String result = chosen.get().service().execute(command);
            if (attempt.ended().get()) {
                LOG.warn("Job {} ({}) finished after its timeout; that attempt already counts as failed", job.id(), job.type());
                return;
            }
            end(attempt, JobStore.Outcome.success(job, result));
        } catch (Throwable failure) {
            boolean permanent = failure instanceof PermanentFailure;
            LOG.warn("Job {} ({}) attempt {} of {} failed: {}", job.id(), job.type(), job.attempt(), job.maxAttempts(),
                    failure.toString());
            fail(attempt, policy, failure.toString(), permanent);
            if (failure instanceof VirtualMachineError error) {
                throw error;
            }
        }
    }

    private void fail(Attempt attempt, JobPolicy policy, String error, boolean permanent) {
        JobStore.ClaimedJob job = attempt.job();
        Duration delay = policy.retryDelay(job.attempt(), ThreadLocalRandom.current()::nextDouble);
        end(attempt, JobStore.Outcome.failure(job, error, permanent, delay));
    }

    /** An attempt that ended, with its outcome to record; a null outcome gives the job back to the queue. */
    private record Ending(Attempt attempt, JobStore.Outcome outcome) {
    }

    /** Ends an attempt once (its handler, its timeout or its handler's departure, whichever comes first). */
    private void end(Attempt attempt, JobStore.Outcome outcome) {
        if (!attempt.ended().compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> timeout = attempt.timeout().get();
        if (timeout != null) {
            timeout.cancel(false);
        }
        // The slot is for running handlers: the next job may start while this outcome waits for its commit.
        attempt.queue().slots().release();
        endings.add(new Ending(attempt, outcome));
    }

    /**
     * The recorder thread: writes the outcomes of attempts that ended close together in one transaction
     * (one commit for many jobs), then lets the dispatcher claim as many more. Runs until the worker has drained.
     */
    private void recordEndings() {
        List<Ending> group = new ArrayList<>();
        while (!recorderStopped || !endings.isEmpty()) {
            try {
                Ending first = endings.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                // Every commit is written through to the file (the database's durability setting), so
                // outcomes share one while they keep coming: under load, many; when idle, the first
                // waits only one gap.
                long gatherUntil = System.nanoTime() + GATHER_NANOS;
                for (long left = GATHER_NANOS; group.size() < MAX_OUTCOMES_PER_COMMIT && left > 0;
                     left = gatherUntil - System.nanoTime()) {
                    Ending next = endings.poll(Math.min(left, GATHER_GAP_NANOS), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    group.add(next);
                    endings.drainTo(group, MAX_OUTCOMES_PER_COMMIT - group.size());
                }
                record(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                for (Ending ending : group) {
                    JobStore.ClaimedJob job = ending.attempt().job();
                    postBatchProgress(job.batchId());
                    running.remove(job.id());
                    ending.attempt().queue().claimed().decrementAndGet();
                    ending.attempt().queue().finished().incrementAndGet();
                }
                if (!group.isEmpty()) {
                    wakeUp.release();
                }
                group.clear();
            }
        }
    }

    /** Writes a group of outcomes at once, or one by one if that fails, each tried a few times before its lease decides. */
    private void record(List<Ending> group) {
        List<JobStore.ClaimedJob> givenBack = group.stream().filter(ending -> ending.outcome() == null)
                .map(ending -> ending.attempt().job()).toList();
        List<JobStore.Outcome> outcomes = group.stream().map(Ending::outcome).filter(Objects::nonNull).toList();
        if (!givenBack.isEmpty()) {
            withRetries(givenBack.get(0).id(), () -> store.release(owner, givenBack));
        }
        if (outcomes.isEmpty()) {
            return;
        }
        try {
            count(store.record(owner, outcomes));
        } catch (SQLException | RuntimeException groupFailed) {
            LOG.warn("Could not record {} job outcomes at once, recording them one by one: {}", outcomes.size(), groupFailed.toString());
            for (JobStore.Outcome outcome : outcomes) {
                withRetries(outcome.job().id(), () -> count(store.record(owner, List.of(outcome))));
            }
        }
    }

    private void count(List<JobStore.AfterFailure> fates) {
        for (JobStore.AfterFailure fate : fates) {
            if (fate == null) {
                metrics.succeeded();
            } else if (fate != JobStore.AfterFailure.LEASE_LOST) {
                metrics.failed();
            }
        }
    }

    /** An outcome write, tried a few times before the job is left to its lease: its attempt then runs again. */
    private interface OutcomeWrite {
        void write() throws SQLException;
    }

    private void withRetries(String jobId, OutcomeWrite write) {
        for (int tries = 1; ; tries++) {
            try {
                write.write();
                return;
            } catch (SQLException | RuntimeException e) {
                if (tries == OUTCOME_WRITE_TRIES || stopping) {
                    LOG.error("Could not record the outcome of job {}; its lease runs out and the job runs again", jobId, e);
                    return;
                }
                pause();
            }
        }
    }

    /** Progress of a batch for live views, at most once a second per batch; its end is an outbox event. */
    private void postBatchProgress(String batchId) {
        if (batchId == null) {
            return;
        }
        long now = System.currentTimeMillis();
        Long last = batchProgressPostedAt.get(batchId);
        if (last != null && now - last < 1_000) {
            return;
        }
        boolean mine = last == null ? batchProgressPostedAt.putIfAbsent(batchId, now) == null
                : batchProgressPostedAt.replace(batchId, last, now);
        if (!mine) {
            return;
        }
        try {
            Batches.Progress progress = store.inTransaction(connection -> Batches.find(connection, batchId, null));
            if (progress == null || progress.done() >= progress.total()) {
                batchProgressPostedAt.remove(batchId);
            } else {
                Map<String, Object> properties = new HashMap<>(Batches.eventProperties(progress));
                properties.put(PlatformEvents.TENANT_ID, progress.tenantId());
                events.postEvent(new Event(CommandBus.BATCH_TOPIC, properties));
            }
        } catch (SQLException e) {
            LOG.debug("Could not read batch {} for a progress event: {}", batchId, e.toString());
        }
    }

    private void heartbeat() {
        try {
            List<JobStore.ClaimedJob> jobs = running.values().stream().map(Attempt::job).toList();
            // An attempt that ended since the snapshot no longer matches; only those still running lost their lease.
            List<String> lost = store.heartbeat(owner, jobs, lease).stream()
                    .filter(id -> running.containsKey(id) && !running.get(id).ended().get()).toList();
            if (!lost.isEmpty()) {
                LOG.warn("{} running job(s) lost their lease (this node stalled past it) and may run on another node: {}",
                        lost.size(), lost);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Job lease heartbeat failed: {}", e.toString());
        }
    }

    boolean handles(String type) {
        return handlers.all().stream().anyMatch(reference -> type.equals(commandType(reference)));
    }

    private Set<String> handledTypes() {
        Set<String> types = new HashSet<>();
        for (ServiceReference<CommandHandler> reference : handlers.all()) {
            types.add(commandType(reference));
        }
        return types;
    }

    private Map<String, Set<String>> typesByQueue() {
        Map<String, Set<String>> byQueue = new HashMap<>();
        for (ServiceReference<CommandHandler> reference : handlers.all()) {
            byQueue.computeIfAbsent(policy(reference).queue(), name -> new HashSet<>()).add(commandType(reference));
        }
        return byQueue;
    }

    private int maxAttempts(String type) {
        return handlers.ranked(reference -> type.equals(commandType(reference))).stream().findFirst()
                .map(reference -> policy(reference).maxAttempts()).orElse(JobPolicy.DEFAULT.maxAttempts());
    }

    /** The policy a handler declares; a malformed one is logged and the default used, rather than stranding its jobs. */
    private static JobPolicy policy(ServiceReference<CommandHandler> reference) {
        try {
            return JobPolicy.of(reference);
        } catch (IllegalArgumentException e) {
            LOG.warn("Handler of {} declares an invalid policy, using the default: {}", commandType(reference), e.getMessage());
            return JobPolicy.DEFAULT;
        }
    }

    static Map<String, Integer> queueLimits(Config config) {
        Map<String, Integer> limits = new HashMap<>();
        limits.put(DEFAULT_QUEUE, config.threads());
        for (String entry : config.queueThreads()) {
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("queueThreads entry '" + entry + "' is not name=threads");
            }
            int threads = Integer.parseInt(entry.substring(equals + 1).trim());
            if (threads < 1) {
                throw new IllegalArgumentException("queueThreads entry '" + entry + "' needs at least one thread");
            }
            limits.put(entry.substring(0, equals).trim(), threads);
        }
        return limits;
    }

    /**
     * The configured node id, or one kept in the data directory so that a restarted node knows the
     * jobs its previous process left running are its own, and takes them back without waiting for
     * their leases to expire.
     */
    private static String nodeId(BundleContext context, Config config) throws IOException {
        if (!config.nodeId().isBlank()) {
            String configured = config.nodeId().trim();
            // A lease owner is the node id, a separator and the process (about 20 characters) in 64.
            if (configured.length() > MAX_NODE_ID_LENGTH || configured.contains(JobStore.OWNER_SEPARATOR)) {
                throw new IllegalArgumentException("nodeId must be at most " + MAX_NODE_ID_LENGTH
                        + " characters without '" + JobStore.OWNER_SEPARATOR + "': '" + configured + "'");
            }
            return configured;
        }
        String dataDir = context.getProperty("baseplate.data.dir");
        if (dataDir == null) {
            return UUID.randomUUID().toString();
        }
        Path file = Path.of(dataDir, "node-id");
        if (Files.exists(file)) {
            String kept = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!kept.isEmpty()) {
                return kept;
            }
        }
        String id = UUID.randomUUID().toString();
        Files.createDirectories(file.getParent());
        Files.writeString(file, id, StandardCharsets.UTF_8);
        return id;
    }

    private void pause() {
        try {
            Thread.sleep(config.pollMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable task, String name) {
        // Daemon: a handler that outlives the shutdown grace must not keep the JVM alive.
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    private static String commandType(ServiceReference<CommandHandler> reference) {
        Object type = reference.getProperty(CommandHandler.COMMAND_TYPE);
        return type == null ? null : type.toString();
    }
}
