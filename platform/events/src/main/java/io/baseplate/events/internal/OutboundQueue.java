package io.baseplate.events.internal;

import java.util.ArrayDeque;

/**
 * The frames waiting to be written to one client. Bounded: a client that reads slower than its
 * events arrive is not buffered for without end; {@link #offer} refuses once the queue is full and
 * the stream is closed (the client resumes with {@code Last-Event-ID}). Thread safe.
 */
final class OutboundQueue {

    private final ArrayDeque<byte[]> frames = new ArrayDeque<>();
    private final int capacity;

    OutboundQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
    }

    int capacity() {
        return capacity;
    }

    /** @return false, queueing nothing, when the queue already holds {@code capacity} frames */
    synchronized boolean offer(byte[] frame) {
        if (frames.size() >= capacity) {
            return false;
        }
        frames.addLast(frame);
        return true;
    }

    /** Queues a frame whatever the bound: only for the few frames a stream starts with. */
    synchronized void add(byte[] frame) {
        frames.addLast(frame);
    }

    /** @return the oldest frame, or null when none is waiting */
    synchronized byte[] poll() {
        return frames.pollFirst();
    }

    synchronized boolean isEmpty() {
        return frames.isEmpty();
    }

    synchronized int size() {
        return frames.size();
    }
}
