package io.baseplate.events.internal;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;

import io.baseplate.api.security.Caller;

/**
 * One open event stream: which events it receives (its caller's, of the topics it asked for), its queue
 * of frames and the non-blocking writes that drain it. Frames are
 * written only while the output {@linkplain ServletOutputStream#isReady() is ready}; when it is not,
 * the container calls {@link #onWritePossible()} once it is, so no thread ever waits on the client.
 * Writes are serialized on the output; the thread that publishes (the outbox relay's, or Event Admin's)
 * only queues and schedules a flush.
 */
final class Subscriber implements WriteListener, AsyncListener {

    /** Why a stream ended, for the log. */
    enum CloseReason { OVERFLOW, STALLED, WRITE_FAILED, CONNECTION_ENDED, REPLAY_FAILED, SHUTDOWN }

    private final Caller caller;
    private final TopicFilter topics;
    private final ReplayHandover handover;
    private final AsyncContext async;
    private final ServletOutputStream output;
    private final OutboundQueue queue;
    private final StreamLiveness liveness;
    private final Executor flusher;
    private final Consumer<Subscriber> onClose;
    /** Serializes writes: the flusher and the container's callbacks may run at the same time. */
    private final Object writeLock = new Object();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile CloseReason closeReason;
    /** Frames written since the last flush; guarded by {@link #writeLock}. */
    private boolean unflushed;

    Subscriber(Caller caller, TopicFilter topics, AsyncContext async, ServletOutputStream output, OutboundQueue queue,
               StreamLiveness liveness, Executor flusher, Consumer<Subscriber> onClose) {
        this.caller = caller;
        this.topics = topics;
        this.handover = new ReplayHandover(queue.capacity());
        this.async = async;
        this.output = output;
        this.queue = queue;
        this.liveness = liveness;
        this.flusher = flusher;
        this.onClose = onClose;
    }

    String tenantId() {
        return caller.tenantId();
    }

    String keyId() {
        return caller.keyId();
    }

    boolean isClosed() {
        return closed.get();
    }

    CloseReason closeReason() {
        return closeReason;
    }

    /** Switches the output to non-blocking mode; from then on the container drives the writes. */
    void start() {
        async.addListener(this);
        output.setWriteListener(this);
    }

    /** Queues the frame a stream starts with, ahead of any other, and sends it while the replay is read. */
    void enqueueInitial(byte[] frame) {
        queue.add(frame);
        scheduleFlush();
    }

    /**
     * Queues a live event of the stream's tenant if the stream asked for its topic and the caller is in
     * its audience; until the replay is in, only holds it (see {@link ReplayHandover}).
     */
    void deliver(StreamedEvent event) {
        if (closed.get() || !wants(event)) {
            return;
        }
        synchronized (handover) {
            switch (handover.live(event)) {
                case SEND -> enqueue(event.frame());
                case SEND_WITHOUT_ID -> enqueue(event.withoutId().frame());
                case OVERFLOW -> overflow();
                case HOLD, DROP -> {
                    // Held for after the replay, or already sent by it.
                }
            }
        }
    }

    /**
     * Queues what a resuming client missed, then the live events held meanwhile, and lets live events
     * through from now on.
     *
     * @param notice      a frame to send first (a reset), or null
     * @param resumedFrom the position the client has everything up to, -1 for none
     * @param replay      the tenant's events after it, in position order, before filtering
     */
    void resume(byte[] notice, long resumedFrom, List<StreamedEvent> replay) {
        synchronized (handover) {
            if (notice != null) {
                queue.add(notice);
            }
            for (StreamedEvent event : handover.replayed(resumedFrom, replay)) {
                if (wants(event)) {
                    queue.add(event.frame());
                }
            }
        }
        scheduleFlush();
    }

    private boolean wants(StreamedEvent event) {
        return topics.matches(event.topic()) && event.audience().includes(caller);
    }

    /**
     * Queues a live event without waiting; a client whose queue is full has fallen too far behind,
     * and its stream is closed (on the flusher, not on the caller's thread).
     */
    void enqueue(byte[] frame) {
        if (closed.get()) {
            return;
        }
        if (queue.offer(frame)) {
            scheduleFlush();
        } else {
            overflow();
        }
    }

    private void overflow() {
        if (overflowed.compareAndSet(false, true)) {
            flusher.execute(() -> close(CloseReason.OVERFLOW));
        }
    }

    /** Sends a heartbeat if nothing else is waiting and nothing was sent for a heartbeat interval. */
    void heartbeatIfDue() {
        if (liveness.heartbeatDue() && queue.isEmpty()) {
            queue.add(SseFrames.HEARTBEAT);
            scheduleFlush();
        }
    }

    boolean stalled() {
        return liveness.stalled();
    }

    void scheduleFlush() {
        if (flushScheduled.compareAndSet(false, true)) {
            flusher.execute(this::flush);
        }
    }

    /** Writes queued frames while the output takes them without blocking, then flushes them out. */
    private void flush() {
        flushScheduled.set(false);
        synchronized (writeLock) {
            if (closed.get()) {
                return;
            }
            try {
                while (output.isReady()) {
                    liveness.writable();
                    byte[] frame = queue.poll();
                    if (frame != null) {
                        output.write(frame);
                        unflushed = true;
                    } else if (unflushed) {
                        output.flush();
                        unflushed = false;
                        liveness.wrote();
                    } else {
                        return;
                    }
                }
                liveness.unwritable();
            } catch (IOException | RuntimeException failed) {
                close(CloseReason.WRITE_FAILED);
            }
        }
    }

    @Override
    public void onWritePossible() {
        flush();
    }

    @Override
    public void onError(Throwable failure) {
        close(CloseReason.WRITE_FAILED);
    }

    @Override
    public void onComplete(AsyncEvent event) {
        close(CloseReason.CONNECTION_ENDED);
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        close(CloseReason.CONNECTION_ENDED);
    }

    @Override
    public void onError(AsyncEvent event) {
        close(CloseReason.CONNECTION_ENDED);
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // Not re-dispatched: the stream keeps the one async cycle it started with.
    }

    /**
     * Ends the stream once and frees what it holds. Completing while a write is unfinished makes the
     * container abort the connection, so a client that stopped reading does not keep its socket.
     */
    void close(CloseReason reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeReason = reason;
        onClose.accept(this);
        synchronized (writeLock) {
            try {
                async.complete();
            } catch (IllegalStateException alreadyCompleted) {
                // The container ended the request first (error or client gone): nothing left to complete.
            }
        }
    }
}
