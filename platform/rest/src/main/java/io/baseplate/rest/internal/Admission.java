package io.baseplate.rest.internal;

import java.time.Duration;

/**
 * Which requests are let in, and how many are inside: once {@link #close} has begun, only health
 * checks enter, and it returns when the requests inside have left. Letting a request in and counting
 * it are one step under the same lock that closes the door, so a request is either refused or waited
 * for; none can pass the check, miss the count and run into a platform that is stopping.
 */
final class Admission {

    private final Object lock = new Object();
    private int inside;
    private boolean closing;

    /** @return false, counting nothing, once closing has begun (health checks still enter) */
    boolean enter(boolean healthCheck) {
        synchronized (lock) {
            if (closing && !healthCheck) {
                return false;
            }
            inside++;
            return true;
        }
    }

    /**
     * Counts a request that {@link #enter} refused until its refusal is complete (answered and
     * audited), so that {@link #close} waits for it as well.
     */
    void enterRefused() {
        synchronized (lock) {
            inside++;
        }
    }

    /** Called once for every {@link #enter} that returned true and every {@link #enterRefused}. */
    void leave() {
        synchronized (lock) {
            inside--;
            lock.notifyAll();
        }
    }

    boolean isClosing() {
        synchronized (lock) {
            return closing;
        }
    }

    /**
     * Refuses new requests from now on and waits until those inside have left, or the timeout.
     *
     * @return how many requests were still inside when it returned: 0 unless the timeout ran out
     */
    int close(Duration timeout) throws InterruptedException {
        synchronized (lock) {
            closing = true;
            return awaitEmpty(timeout);
        }
    }

    /**
     * Waits until no request is inside, or the timeout.
     *
     * @return how many requests were still inside when it returned: 0 unless the timeout ran out
     */
    int awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (inside > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return inside;
        }
    }
}
