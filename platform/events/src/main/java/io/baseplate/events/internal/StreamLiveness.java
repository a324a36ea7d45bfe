package io.baseplate.events.internal;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When one stream last sent something and since when its client has not accepted output: decides
 * when a heartbeat is due (so a dead connection is found by the write that fails) and when the
 * client counts as stalled (so its resources are freed). Time comes from a monotonic nanosecond clock.
 */
final class StreamLiveness {

    private final LongSupplier nanoClock;
    private final long heartbeatNanos;
    private final long stallNanos;
    private volatile long lastOutputAt;
    private volatile boolean blocked;
    private volatile long blockedSince;

    StreamLiveness(LongSupplier nanoClock, Duration heartbeatInterval, Duration stallLimit) {
        this.nanoClock = nanoClock;
        this.heartbeatNanos = heartbeatInterval.toNanos();
        this.stallNanos = stallLimit.toNanos();
        this.lastOutputAt = nanoClock.getAsLong();
    }

    /** Output was handed to the connection. */
    void wrote() {
        lastOutputAt = nanoClock.getAsLong();
    }

    /** The connection accepts output now. */
    void writable() {
        blocked = false;
    }

    /** The connection does not accept output; the first of a run of calls starts the stall clock. */
    void unwritable() {
        if (!blocked) {
            blockedSince = nanoClock.getAsLong();
            blocked = true;
        }
    }

    /** Nothing was sent for a heartbeat interval. */
    boolean heartbeatDue() {
        return nanoClock.getAsLong() - lastOutputAt >= heartbeatNanos;
    }

    /** The client has not accepted output for longer than the stall limit. */
    boolean stalled() {
        return blocked && nanoClock.getAsLong() - blockedSince > stallNanos;
    }
}
