package io.baseplate.jobs.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.osgi.service.event.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands delivered outbox events to Event Admin's observers on a thread of its own, one event at a time,
 * in the order the relay delivered them, so that the relay never waits for an observer.
 *
 * <p>Why not {@code EventAdmin.postEvent}: Felix Event Admin 1.6 picks an event's observers when it is
 * posted, and delivers it to them later even if one was deny-listed meanwhile for holding a delivery past
 * its timeout. A burst of posted events would each wait for a slow observer in turn, and every observer
 * behind them with it. Sent from here one at a time, each event finds the observers of the moment: a slow
 * one holds at most the two deliveries before Felix skips it (Felix times a handler only from its second
 * delivery on).
 *
 * <p>Bounded: while the observers are so slow that {@code capacity} events wait, newer events are dropped
 * for them (counted, and logged once per run of drops) rather than held in memory or held up in the relay.
 * Observers get each event at most once: events still queued when the platform stops or dies are not sent.
 */
final class ObserverQueue {

    private static final Logger LOG = LoggerFactory.getLogger(ObserverQueue.class);
    private static final long POLL_MILLIS = 200;

    private final BlockingQueue<Event> queue;
    private final Consumer<Event> observers;
    private final Thread thread;
    private final AtomicLong dropped = new AtomicLong();
    /** Set from the first event dropped until the observers have caught up: one warning per run of drops. */
    private final AtomicBoolean dropping = new AtomicBoolean();
    private volatile boolean stopping;

    /** @param observers sends one event to the observers, returning when they have it (Event Admin's {@code sendEvent}) */
    ObserverQueue(int capacity, Consumer<Event> observers) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.observers = observers;
        this.thread = new Thread(this::send, "baseplate-outbox-observers");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Stops sending, after the event in hand; the thread is not interrupted, since an observer may be in
     * the middle of a database call (H2 closes its file on an interrupt).
     */
    void stop(long waitMillis) throws InterruptedException {
        stopping = true;
        thread.join(waitMillis);
    }

    /** Queues an event for the observers; never waits. */
    void offer(Event event) {
        if (queue.offer(event)) {
            return;
        }
        dropped.incrementAndGet();
        if (dropping.compareAndSet(false, true)) {
            LOG.warn("Event Admin observers are {} events behind; events are dropped for them until they catch up "
                    + "(one is holding deliveries: Event Admin skips it after org.apache.felix.eventadmin.Timeout)",
                    queue.size());
        }
    }

    /** Events dropped for the observers so far. */
    long dropped() {
        return dropped.get();
    }

    private void send() {
        while (!stopping) {
            Event event;
            try {
                event = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (event == null) {
                continue;
            }
            if (queue.isEmpty() && dropping.compareAndSet(true, false)) {
                LOG.warn("Event Admin observers caught up; {} events were dropped for them since the start", dropped.get());
            }
            try {
                observers.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("Event Admin failed on event {}: {}", event.getTopic(), e.toString());
            }
        }
    }
}
