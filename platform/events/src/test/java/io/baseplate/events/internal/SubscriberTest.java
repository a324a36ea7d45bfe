package io.baseplate.events.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;

import org.junit.jupiter.api.Test;

class SubscriberTest {

    private static final int CAPACITY = 4;

    /** An output whose readiness the test decides, as a client that reads or stops reading would. */
    private static final class ClientOutput extends ServletOutputStream {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        boolean ready = true;
        int flushes;

        @Override
        public boolean isReady() {
            return ready;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
        }

        @Override
        public void write(int b) {
            written.write(b);
        }

        @Override
        public void flush() {
            flushes++;
        }

        String text() {
            return written.toString(StandardCharsets.UTF_8);
        }
    }

    /** Runs tasks only when the test says so, to show what is left to the flusher. */
    private static final class ManualExecutor implements Executor {
        final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
        }
    }

    private final ClientOutput output = new ClientOutput();
    private final ManualExecutor flusher = new ManualExecutor();
    private final AtomicInteger completions = new AtomicInteger();
    private final List<Subscriber.CloseReason> closed = new ArrayList<>();
    private final AtomicLong nanos = new AtomicLong();
    private final Subscriber subscriber = new Subscriber("tenant-1", "key-1", asyncContext(), output,
            new OutboundQueue(CAPACITY), new StreamLiveness(nanos::get, Duration.ofSeconds(15), Duration.ofSeconds(10)),
            flusher, s -> closed.add(s.closeReason()));

    private AsyncContext asyncContext() {
        return (AsyncContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {AsyncContext.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("complete")) {
                        completions.incrementAndGet();
                    }
                    return null;
                });
    }

    private static byte[] frame(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void queuedEventsAreWrittenInOrderAndFlushedByTheFlusherNotByThePublisher() {
        subscriber.enqueue(frame("a"));
        subscriber.enqueue(frame("b"));
        assertEquals("", output.text(), "the publisher's thread must not write");

        flusher.runAll();

        assertEquals("ab", output.text());
        assertEquals(1, output.flushes);
    }

    @Test
    void aClientThatStopsReadingIsClosedOnceItsQueueOverflowsAndThePublisherNeverWaits() {
        output.ready = false;
        for (int i = 0; i < 100 * CAPACITY; i++) {
            subscriber.enqueue(frame("x"));
        }
        assertTrue(closed.isEmpty(), "closing is the flusher's job, not the publisher's");

        flusher.runAll();

        assertEquals(List.of(Subscriber.CloseReason.OVERFLOW), closed);
        assertEquals(1, completions.get(), "the async context is completed once, which aborts the connection");
        assertTrue(subscriber.isClosed());
        subscriber.enqueue(frame("late"));
        flusher.runAll();
        assertEquals("", output.text());
    }

    @Test
    void aClientThatAcceptsNoOutputForLongerThanTheStallLimitIsStalled() {
        output.ready = false;
        subscriber.enqueue(frame("a"));
        flusher.runAll();
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        assertFalse(subscriber.stalled());

        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        assertTrue(subscriber.stalled());

        output.ready = true;
        subscriber.onWritePossible();
        assertFalse(subscriber.stalled());
        assertEquals("a", output.text());
    }

    @Test
    void aQuietStreamGetsAHeartbeatOncePerInterval() {
        subscriber.heartbeatIfDue();
        flusher.runAll();
        assertEquals("", output.text());

        nanos.addAndGet(Duration.ofSeconds(15).toNanos());
        subscriber.heartbeatIfDue();
        flusher.runAll();
        assertEquals(":\n", output.text());

        subscriber.heartbeatIfDue();
        flusher.runAll();
        assertEquals(":\n", output.text(), "the heartbeat just sent restarts the interval");
    }

    @Test
    void aFailedWriteClosesTheStream() {
        subscriber.onError(new IOException("Broken pipe"));

        assertEquals(List.of(Subscriber.CloseReason.WRITE_FAILED), closed);
        assertEquals(1, completions.get());
    }
}
