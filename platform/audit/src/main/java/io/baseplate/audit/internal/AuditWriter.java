package io.baseplate.audit.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.baseplate.api.security.AuditEntry;

/**
 * Writes audit entries off the request path: {@link #record} puts an entry in a bounded queue and
 * returns; one thread takes whatever has queued, up to a batch, and writes it in one transaction.
 *
 * <p>Nothing is dropped, which the trail promises:
 * <ul>
 *   <li>When the queue is full (the database has fallen a whole queue behind), {@link #record} writes
 *       the entry itself, in the caller's thread: back-pressure on requests, only then, rather than a
 *       gap in the trail.</li>
 *   <li>A batch that fails to write is retried, with backoff, until it is written or the writer
 *       closes; {@link #close} tries it once more.</li>
 *   <li>{@link #close} lets the thread finish its batch, then writes everything still queued. An entry
 *       recorded during or after closing is written by {@link #record} itself.</li>
 * </ul>
 */
final class AuditWriter {

    /** Where batches go; throws when a batch was not written. */
    @FunctionalInterface
    interface Sink {
        void write(List<AuditEntry> batch);
    }

    private static final Logger LOG = LoggerFactory.getLogger(AuditWriter.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(200);
    private static final Duration LINGER = Duration.ofMillis(50);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final BlockingQueue<AuditEntry> queue;
    private final Sink sink;
    private final int batchSize;
    private final Thread thread;
    private final Object retryLock = new Object();
    private volatile boolean closed;
    /** A batch the thread failed to write and still holds; guarded by {@link #retryLock}. */
    private List<AuditEntry> unwritten = List.of();

    AuditWriter(Sink sink, int capacity, int batchSize) {
        this.sink = sink;
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.batchSize = batchSize;
        this.thread = new Thread(this::run, "baseplate-audit-writer");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void record(AuditEntry entry) {
        if (closed || !queue.offer(entry)) {
            sink.write(List.of(entry));
            return;
        }
        if (closed) {
            // close() may have taken its last look at the queue before this entry went in.
            flushQueue();
        }
    }

    /** Entries waiting to be written. */
    int queued() {
        return queue.size();
    }

    /**
     * Stops the thread after its current batch (waiting up to {@code timeout}), then writes whatever is
     * left in this thread.
     *
     * @return how many entries could not be written (logged as an error)
     */
    int close(Duration timeout) {
        closed = true;
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int lost = 0;
        List<AuditEntry> retry;
        synchronized (retryLock) {
            retry = unwritten;
            unwritten = List.of();
        }
        if (!retry.isEmpty()) {
            lost += tryWrite(retry);
        }
        lost += flushQueue();
        if (lost > 0) {
            LOG.error("{} audit entries could not be written at shutdown", lost);
        }
        return lost;
    }

    /** Writes everything queued now in batches; returns how many entries failed. */
    private int flushQueue() {
        int lost = 0;
        List<AuditEntry> batch = new ArrayList<>(batchSize);
        while (queue.drainTo(batch, batchSize) > 0) {
            lost += tryWrite(batch);
            batch = new ArrayList<>(batchSize);
        }
        return lost;
    }

    private int tryWrite(List<AuditEntry> batch) {
        try {
            sink.write(batch);
            return 0;
        } catch (RuntimeException e) {
            LOG.error("Could not write {} audit entries: {}", batch.size(), e.toString());
            return batch.size();
        }
    }

    private void run() {
        while (!closed) {
            AuditEntry first;
            try {
                first = queue.poll(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (first == null) {
                continue;
            }
            List<AuditEntry> batch = new ArrayList<>(batchSize);
            batch.add(first);
            boolean interrupted = !gather(batch);
            writeWithRetry(batch);
            if (interrupted) {
                return;
            }
        }
    }

    /**
     * Adds what arrives within {@link #LINGER} of the batch's first entry, up to the batch size: one transaction
     * then carries the entries of many requests even when they arrive one at a time, which costs each request far
     * less than a commit of its own.
     *
     * @return false when interrupted
     */
    private boolean gather(List<AuditEntry> batch) {
        long lingerEnd = System.nanoTime() + LINGER.toNanos();
        while (batch.size() < batchSize && !closed) {
            queue.drainTo(batch, batchSize - batch.size());
            long left = lingerEnd - System.nanoTime();
            if (batch.size() >= batchSize || left <= 0) {
                break;
            }
            try {
                AuditEntry next = queue.poll(left, TimeUnit.NANOSECONDS);
                if (next == null) {
                    break;
                }
                batch.add(next);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private void writeWithRetry(List<AuditEntry> batch) {
        long backoff = 50;
        while (true) {
            try {
                sink.write(batch);
                return;
            } catch (RuntimeException e) {
                LOG.warn("Could not write {} audit entries, retrying in {} ms: {}", batch.size(), backoff, e.toString());
            }
            synchronized (retryLock) {
                if (closed) {
                    unwritten = batch;
                    return;
                }
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                synchronized (retryLock) {
                    unwritten = batch;
                }
                return;
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
        }
    }
}
