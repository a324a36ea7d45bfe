package io.baseplate.jobs.internal;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import javax.sql.DataSource;

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
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.baseplate.api.command.Command;
import io.baseplate.api.command.CommandHandler;
import io.baseplate.core.support.RankedServices;

/**
 * Runs queued jobs on a bounded pool. Jobs still running from a previous process are re-queued at
 * start. When the framework shuts down, the worker stops claiming, lets running jobs finish within
 * the grace period and puts the rest back in the queue, before any bundle stops, so nothing is lost
 * or left half-done. When only this bundle stops (an update), the same drain runs on a thread of its
 * own, so deactivation never holds the framework for the grace period.
 */
@Component(immediate = true, configurationPid = JobWorker.PID)
@Designate(ocd = JobWorker.Config.class)
public class JobWorker {

    public static final String PID = "io.baseplate.jobs.worker";
    private static final String HANDLERS = "handlers";
    private static final Logger LOG = LoggerFactory.getLogger(JobWorker.class);

    @ObjectClassDefinition(name = "Baseplate job worker")
    public @interface Config {

        @AttributeDefinition(name = "Threads", description = "Jobs run at the same time on this node", min = "1")
        int threads() default 4;

        @AttributeDefinition(name = "Poll interval (ms)", description = "How often the queue is checked when idle", min = "10")
        long pollMillis() default 500;

        @AttributeDefinition(name = "Shutdown grace (s)", description = "How long running jobs may finish at shutdown", min = "0")
        long shutdownGraceSeconds() default 20;
    }

    private final RankedServices<CommandHandler> handlers = new RankedServices<>(HANDLERS);
    /** The attempts this worker runs now, by job id. */
    private final Map<String, JobStore.ClaimedJob> running = new ConcurrentHashMap<>();
    private final Semaphore wakeUp = new Semaphore(0);
    private final JobStore store;
    private final JobQueue queue;
    private final Runnable wake = () -> wakeUp.release();
    private final SynchronousBundleListener frameworkStopping = event -> {
        if (event.getBundle().getBundleId() == 0 && event.getType() == BundleEvent.STOPPING) {
            drain();
        }
    };
    private ExecutorService pool;
    private Thread dispatcher;
    private Config config;
    private volatile boolean stopping;
    private boolean drained;

    @Activate
    public JobWorker(@Reference(target = "(baseplate.datasource=platform)") DataSource dataSource,
                     @Reference JobQueue queue) {
        this.store = new JobStore(dataSource);
        this.queue = queue;
    }

    @Reference(name = HANDLERS, service = CommandHandler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void addHandler(ServiceReference<CommandHandler> reference) {
        if (commandType(reference) != null) {
            handlers.add(reference);
            wakeUp.release();
        }
    }

    void removeHandler(ServiceReference<CommandHandler> reference) {
        handlers.remove(reference);
    }

    @Activate
    void activate(ComponentContext componentContext, Config configuration) throws SQLException {
        handlers.activate(componentContext);
        this.config = configuration;
        int recovered = store.requeueAllRunning();
        if (recovered > 0) {
            LOG.info("Re-queued {} job(s) left running by the previous process", recovered);
        }
        AtomicInteger threadNumber = new AtomicInteger();
        pool = Executors.newFixedThreadPool(config.threads(), r -> {
            // Daemon: a handler that outlives the shutdown grace must not keep the JVM alive.
            Thread thread = new Thread(r, "baseplate-job-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        queue.onSubmit(wake);
        dispatcher = new Thread(this::dispatch, "baseplate-job-dispatcher");
        dispatcher.start();
        componentContext.getBundleContext().addBundleListener(frameworkStopping);
    }

    @Deactivate
    void deactivate(BundleContext bundleContext) {
        bundleContext.removeBundleListener(frameworkStopping);
        Thread drainer = new Thread(this::drain, "baseplate-job-drain");
        drainer.setDaemon(true);
        drainer.start();
    }

    /** Stops claiming, gives running jobs the grace period, and puts back those still running; runs once. */
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
            pool.shutdown();
            if (!pool.awaitTermination(config.shutdownGraceSeconds(), TimeUnit.SECONDS)) {
                // No shutdownNow(): interrupting a thread inside JDBC makes H2 close its file. The late
                // attempt's own outcome is ignored, since finish() only updates the attempt it claimed.
                int requeued = store.requeue(List.copyOf(running.values()));
                LOG.warn("{} job(s) did not finish within the shutdown grace period and were re-queued", requeued);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException | RuntimeException e) {
            LOG.error("Could not re-queue the jobs still running at shutdown; they are re-queued at next start", e);
        }
    }

    private void dispatch() {
        while (!stopping) {
            try {
                int free = config.threads() - running.size();
                for (JobStore.ClaimedJob job : store.claim(handledTypes(), free)) {
                    running.put(job.id(), job);
                    pool.execute(() -> execute(job));
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

    private Set<String> handledTypes() {
        return handlers.all().stream().map(JobWorker::commandType).collect(Collectors.toSet());
    }

    private void execute(JobStore.ClaimedJob job) {
        try {
            var chosen = handlers.best(reference -> job.type().equals(commandType(reference)));
            if (chosen.isEmpty()) {
                store.requeue(List.of(job));
                return;
            }
            Command command = new Command(job.id(), job.tenantId(), job.type(), JobQueue.payloadOf(job.payload()),
                    job.attempt());
            try {
                String result = chosen.get().service().execute(command);
                store.finish(job, JobStatus.SUCCEEDED, result, null);
            } catch (Exception e) {
                LOG.warn("Job {} ({}) failed: {}", job.id(), job.type(), e.toString());
                store.finish(job, JobStatus.FAILED, null, e.toString());
            }
        } catch (SQLException e) {
            LOG.error("Could not record the outcome of job {}; it stays RUNNING and is re-queued at next start", job.id(), e);
        } finally {
            running.remove(job.id());
            wakeUp.release();
        }
    }

    private void pause() {
        try {
            Thread.sleep(config.pollMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String commandType(ServiceReference<CommandHandler> reference) {
        Object type = reference.getProperty(CommandHandler.COMMAND_TYPE);
        return type == null ? null : type.toString();
    }
}
