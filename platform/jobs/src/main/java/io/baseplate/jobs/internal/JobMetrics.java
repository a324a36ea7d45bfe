package io.baseplate.jobs.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Component;

/**
 * This node's job figures since it started: attempts that succeeded and failed, and the pickup
 * latency (from due to claimed) of the last {@value #WINDOW} claims, for the jobs stats resource and
 * the metrics endpoint to come.
 */
@Component(service = JobMetrics.class)
public class JobMetrics {

    static final int WINDOW = 4_096;

    /** The figures at one moment; latencies in milliseconds. */
    public record Snapshot(long succeeded, long failed, long pickups, long pickupP50Millis, long pickupP95Millis,
                           long pickupMaxMillis) {
    }

    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final long[] pickupMillis = new long[WINDOW];
    private long pickups;

    void succeeded() {
        succeeded.incrementAndGet();
    }

    void failed() {
        failed.incrementAndGet();
    }

    synchronized void pickedUp(Instant dueAt) {
        pickupMillis[(int) (pickups++ % WINDOW)] = Math.max(0, Duration.between(dueAt, Instant.now()).toMillis());
    }

    public synchronized Snapshot snapshot() {
        int size = (int) Math.min(pickups, WINDOW);
        long[] window = Arrays.copyOf(pickupMillis, size);
        Arrays.sort(window);
        return new Snapshot(succeeded.get(), failed.get(), pickups, percentile(window, 0.50), percentile(window, 0.95),
                size == 0 ? 0 : window[size - 1]);
    }

    private static long percentile(long[] sorted, double fraction) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
    }
}
