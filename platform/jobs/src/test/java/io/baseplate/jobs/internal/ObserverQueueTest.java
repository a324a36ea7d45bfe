package io.baseplate.jobs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

class ObserverQueueTest {

    private static final long WAIT_SECONDS = 5;

    @Test
    void aBusyObserverNeverHoldsTheRelayAndNewerEventsAreDroppedBeyondTheCapacity() throws Exception {
        CountDownLatch inFirst = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        ObserverQueue queue = new ObserverQueue(2, event -> {
            received.add(event.getTopic());
            if (event.getTopic().equals("t/1")) {
                inFirst.countDown();
                await(release);
            }
        });
        queue.start();
        try {
            queue.offer(event("t/1"));
            assertTrue(inFirst.await(WAIT_SECONDS, TimeUnit.SECONDS));
            long start = System.nanoTime();
            for (int i = 2; i <= 5; i++) {
                queue.offer(event("t/" + i));
            }
            long offeredMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(offeredMillis < 500, "offering to a busy observer took " + offeredMillis + " ms");
            assertEquals(2, queue.dropped(), "t/4 and t/5 find the queue full");
            release.countDown();
            assertEquals(List.of("t/1", "t/2", "t/3"), take(received, 3), "the held ones, in order");
            queue.offer(event("t/6"));
            assertEquals("t/6", received.poll(WAIT_SECONDS, TimeUnit.SECONDS), "caught up: events flow again");
        } finally {
            release.countDown();
            queue.stop(1_000);
        }
    }

    @Test
    void anObserverThatThrowsGetsTheNextEventsAnyway() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        ObserverQueue queue = new ObserverQueue(10, event -> {
            received.add(event.getTopic());
            throw new IllegalStateException("an observer that always fails");
        });
        queue.start();
        try {
            queue.offer(event("t/1"));
            queue.offer(event("t/2"));
            assertEquals(List.of("t/1", "t/2"), take(received, 2));
        } finally {
            queue.stop(1_000);
        }
    }

    @Test
    void nothingIsSentAfterStop() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        ObserverQueue queue = new ObserverQueue(10, event -> received.add(event.getTopic()));
        queue.start();
        queue.offer(event("t/1"));
        assertEquals("t/1", received.poll(WAIT_SECONDS, TimeUnit.SECONDS));
        queue.stop(WAIT_SECONDS * 1_000);
        queue.offer(event("t/2"));
        assertEquals(null, received.poll(500, TimeUnit.MILLISECONDS), "stopped: queued events are not sent");
    }

    private static Event event(String topic) {
        return new Event(topic, Map.of("baseplate.event.seq", 1L));
    }

    private static List<String> take(BlockingQueue<String> received, int count) throws InterruptedException {
        List<String> taken = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String topic = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (topic == null) {
                break;
            }
            taken.add(topic);
        }
        return taken;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
