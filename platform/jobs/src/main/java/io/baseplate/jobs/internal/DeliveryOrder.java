package io.baseplate.jobs.internal;

import java.time.Duration;

/**
 * Keeps the relay's deliveries in outbox position (SEQ) order although transactions commit in any
 * order: a position is taken at insert, so a transaction that inserted position 10 may commit after one
 * that inserted 11. Delivering 11 as soon as it is visible would let a live stream send 11 before 10, and
 * a client resuming after 11 would never be sent 10. So the pending events are delivered only up to the
 * first missing position (a gap) until the gap has been seen for the gap wait: by then its transaction
 * has committed (and its event is delivered in order) or it never will (rolled back, or a position the
 * database skipped), and the relay goes on past it. An event that commits later than that still goes,
 * out of order. Not thread safe: the relay thread alone uses it.
 */
final class DeliveryOrder {

    private final long gapWaitNanos;
    /** The highest position delivered or given up on. */
    private long frontier;
    /** The first position of the gap being waited for, and since when; -1 for none. */
    private long gapStart = -1;
    private long gapSeenAt;

    /** @param frontier the highest position already delivered (0 for none) */
    DeliveryOrder(long frontier, Duration gapWait) {
        this.frontier = frontier;
        this.gapWaitNanos = gapWait.toNanos();
    }

    /**
     * How many of the pending positions, sorted, may be delivered now, from the first; counts them as
     * delivered.
     *
     * @param now a {@link System#nanoTime()} reading
     */
    int deliverable(long[] pending, long now) {
        int count = 0;
        long expected = frontier + 1;
        for (long seq : pending) {
            if (seq > expected) {
                if (gapStart != expected) {
                    gapStart = expected;
                    gapSeenAt = now;
                }
                if (now - gapSeenAt < gapWaitNanos) {
                    break;
                }
            }
            // Below the frontier: committed after its gap was given up on, or sent again after a failed commit.
            expected = Math.max(expected, seq + 1);
            count++;
        }
        frontier = expected - 1;
        return count;
    }
}
