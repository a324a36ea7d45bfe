package io.baseplate.audit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.baseplate.api.security.AuditEntry;

class AuditWriterTest {

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private static AuditEntry entry(int n) {
        return new AuditEntry(Instant.now(), "t", "pfx", null, "GET", "/api/v1/things/" + n, 200, "127.0.0.1", n);
    }

    /** What a sink received, entry by entry and batch by batch. */
    private static final class RecordingSink implements AuditWriter.Sink {
        final List<List<AuditEntry>> batches = new CopyOnWriteArrayList<>();

        @Override
        public void write(List<AuditEntry> batch) {
            batches.add(List.copyOf(batch));
        }

        List<AuditEntry> entries() {
            List<AuditEntry> all = new ArrayList<>();
            batches.forEach(all::addAll);
            return all;
        }
    }

    @Test
    void writesEveryEntryOnceInBatchesNoLargerThanTheBatchSize() throws Exception {
        RecordingSink sink = new RecordingSink();
        AuditWriter writer = new AuditWriter(sink, 10_000, 50);
        writer.start();
        int threads = 8;
        int perThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            pool.execute(() -> {
                for (int i = 0; i < perThread; i++) {
                    writer.record(entry(base + i));
                }
                done.countDown();
            });
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
        pool.shutdown();
        assertEquals(0, writer.close(CLOSE_WAIT));
        List<AuditEntry> written = sink.entries();
        assertEquals(threads * perThread, written.size());
        Set<Long> distinct = new HashSet<>();
        written.forEach(entry -> distinct.add(entry.latencyMicros()));
        assertEquals(threads * perThread, distinct.size());
        sink.batches.forEach(batch -> assertTrue(batch.size() <= 50, "batch of " + batch.size()));
    }

    @Test
    void closeWritesWhatIsStillQueuedAndLaterEntriesAreWrittenDirectly() {
        RecordingSink sink = new RecordingSink();
        // Never started: everything stays queued until close.
        AuditWriter writer = new AuditWriter(sink, 10_000, 100);
        for (int i = 0; i < 250; i++) {
            writer.record(entry(i));
        }
        assertEquals(250, writer.queued());
        assertEquals(0, writer.close(Duration.ZERO));
        assertEquals(250, sink.entries().size());
        assertEquals(List.of(100, 100, 50), sink.batches.stream().map(List::size).toList());

        writer.record(entry(999));
        assertEquals(251, sink.entries().size());
    }

    @Test
    void aFullQueueMakesTheCallerWriteItsOwnEntry() {
        RecordingSink sink = new RecordingSink();
        AuditWriter writer = new AuditWriter(sink, 3, 10);
        for (int i = 0; i < 5; i++) {
            writer.record(entry(i));
        }
        assertEquals(3, writer.queued());
        assertEquals(2, sink.entries().size(), "the two entries beyond the capacity were written at once");
        writer.close(Duration.ZERO);
        assertEquals(5, sink.entries().size());
    }

    @Test
    void aFailedBatchIsRetriedUntilWritten() throws Exception {
        AtomicInteger failuresLeft = new AtomicInteger(2);
        RecordingSink sink = new RecordingSink();
        CountDownLatch written = new CountDownLatch(1);
        AuditWriter writer = new AuditWriter(batch -> {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("database unavailable");
            }
            sink.write(batch);
            written.countDown();
        }, 100, 10);
        writer.start();
        writer.record(entry(1));
        assertTrue(written.await(5, TimeUnit.SECONDS));
        assertEquals(0, writer.close(CLOSE_WAIT));
        assertEquals(1, sink.entries().size());
    }

    @Test
    void closeReportsEntriesItCouldNotWrite() {
        AuditWriter writer = new AuditWriter(batch -> {
            throw new IllegalStateException("database gone");
        }, 100, 10);
        for (int i = 0; i < 15; i++) {
            writer.record(entry(i));
        }
        assertEquals(15, writer.close(Duration.ZERO));
    }
}
