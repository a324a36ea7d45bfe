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
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;

import org.junit.jupiter.api.Test;

import io.baseplate.api.security.Caller;
import io.baseplate.api.security.Role;

class SubscriberTest {

    private static final int CAPACITY = 4;
    private static final Caller STUDENT = new Caller("tenant-1", "user-1", "key-1", "bp_key1", Set.of(Role.STUDENT));
    private static final Audience MINE = Audience.of("user-1", null);

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
    private final Subscriber subscriber = new Subscriber(STUDENT, TopicFilter.of(null), asyncContext(), output,
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

    @Test
    void liveEventsWaitForTheReplayAndThoseItSentAreNotSentAgain() {
        subscriber.enqueueInitial(frame("greeting;"));
        subscriber.deliver(event(12L, MINE, "live-12;"));
        subscriber.deliver(event(13L, MINE, "live-13;"));
        subscriber.deliver(event(14L, Audience.of(null, null), "staff-14;"));
        flusher.runAll();
        assertEquals("greeting;", output.text(), "live events wait while the replay is read");

        subscriber.resume(null, 10, List.of(event(11L, MINE, "replay-11;"), event(12L, MINE, "replay-12;"),
                event(13L, Audience.of("user-2", null), "other-13;")));
        subscriber.deliver(event(12L, MINE, "again-12;"));
        subscriber.deliver(event(9L, MINE, "before-9;"));
        subscriber.deliver(event(null, MINE, "no-id;"));
        subscriber.deliver(event(15L, MINE, "live-15;"));
        flusher.runAll();

        assertEquals("greeting;replay-11;replay-12;no-id;live-15;", output.text(),
                "13 was in the replay (for another user), the staff event is not the student's, "
                        + "12 was replayed, 9 is older than where the client resumed");
    }

    @Test
    void aNoticeGoesAheadOfTheReplay() {
        subscriber.resume(frame("reset;"), 20, List.of());
        subscriber.deliver(event(20L, MINE, "old-20;"));
        subscriber.deliver(event(21L, MINE, "new-21;"));
        flusher.runAll();
        assertEquals("reset;new-21;", output.text());
    }

    @Test
    void aStreamWhoseReplayIsSlowerThanItsQueueOfLiveEventsIsClosed() {
        for (int i = 0; i <= CAPACITY; i++) {
            subscriber.deliver(event((long) i, MINE, "x"));
        }
        flusher.runAll();
        assertEquals(List.of(Subscriber.CloseReason.OVERFLOW), closed);
    }

    @Test
    void onlyTheTopicsAskedForAreSent() {
        Subscriber payments = new Subscriber(STUDENT, TopicFilter.of(new String[] {"baseplate/payment/*"}), asyncContext(),
                output, new OutboundQueue(CAPACITY), new StreamLiveness(nanos::get, Duration.ofSeconds(15),
                Duration.ofSeconds(10)), flusher, s -> closed.add(s.closeReason()));
        payments.resume(null, -1, List.of(new StreamedEvent(1L, "baseplate/quiz/GRADED", MINE, frame("quiz;")),
                new StreamedEvent(2L, "baseplate/payment/CAPTURED", MINE, frame("payment;"))));
        payments.deliver(new StreamedEvent(3L, "baseplate/paymentx/CAPTURED", MINE, frame("paymentx;")));
        payments.deliver(new StreamedEvent(4L, "baseplate/payment/refund/DONE", MINE, frame("refund;")));
        flusher.runAll();
        assertEquals("payment;refund;", output.text());
    }

    @Test
    void anEventBelowOneSentAlreadyGoesWithoutItsIdSoLastEventIdNeverGoesBack() {
        subscriber.resume(null, -1, List.of());
        subscriber.deliver(new StreamedEvent(11L, "baseplate/quiz/GRADED", MINE,
                SseFrames.event(11L, "baseplate/quiz/GRADED", "{}")));
        subscriber.deliver(new StreamedEvent(10L, "baseplate/quiz/GRADED", MINE,
                SseFrames.event(10L, "baseplate/quiz/GRADED", "{\"late\":true}")));
        flusher.runAll();
        assertEquals("id: 11\nevent: baseplate/quiz/GRADED\ndata: {}\n\n"
                + "event: baseplate/quiz/GRADED\ndata: {\"late\":true}\n\n", output.text());
    }

    private static StreamedEvent event(Long seq, Audience audience, String frame) {
        return new StreamedEvent(seq, "baseplate/quiz/GRADED", audience, frame(frame));
    }
}
