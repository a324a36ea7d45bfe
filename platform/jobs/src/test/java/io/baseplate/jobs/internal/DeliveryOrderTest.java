package io.baseplate.jobs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DeliveryOrderTest {

    private static final Duration WAIT = Duration.ofSeconds(1);
    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    @Test
    void consecutivePositionsGoAtOnce() {
        DeliveryOrder order = new DeliveryOrder(0, WAIT);
        assertEquals(3, order.deliverable(new long[] {1, 2, 3}, 0));
        assertEquals(2, order.deliverable(new long[] {4, 5}, 0));
    }

    @Test
    void eventsAfterAGapWaitForItToCommit() {
        DeliveryOrder order = new DeliveryOrder(9, WAIT);
        assertEquals(0, order.deliverable(new long[] {11, 12}, 0), "10 is still being committed");
        assertEquals(0, order.deliverable(new long[] {11, 12}, SECOND / 2));
        assertEquals(3, order.deliverable(new long[] {10, 11, 12}, SECOND / 2), "10 committed: all go, in order");
    }

    @Test
    void aGapThatNeverFillsIsGivenUpOnAfterTheWaitOnce() {
        DeliveryOrder order = new DeliveryOrder(9, WAIT);
        assertEquals(1, order.deliverable(new long[] {10, 12, 13}, 0), "10 goes, 12 waits for 11");
        assertEquals(0, order.deliverable(new long[] {12, 13}, SECOND - 1), "still waiting just before the wait ends");
        assertEquals(2, order.deliverable(new long[] {12, 13}, SECOND), "11 rolled back: given up on");
        assertEquals(1, order.deliverable(new long[] {14}, SECOND), "no more waiting for 11");
        assertEquals(1, order.deliverable(new long[] {11}, 2 * SECOND), "a straggler still goes, late");
        assertEquals(1, order.deliverable(new long[] {15}, 2 * SECOND), "and the frontier stays where it was");
    }

    @Test
    void eachGapGetsItsOwnWait() {
        DeliveryOrder order = new DeliveryOrder(0, WAIT);
        assertEquals(1, order.deliverable(new long[] {1, 3, 5}, 0));
        assertEquals(1, order.deliverable(new long[] {3, 5}, SECOND), "2 given up on, then 4 is a new gap");
        assertEquals(0, order.deliverable(new long[] {5}, SECOND + SECOND / 2));
        assertEquals(1, order.deliverable(new long[] {5}, 2 * SECOND));
    }

    @Test
    void aPageSentAgainAfterAFailedCommitGoesAgain() {
        DeliveryOrder order = new DeliveryOrder(0, WAIT);
        assertEquals(2, order.deliverable(new long[] {1, 2}, 0));
        assertEquals(3, order.deliverable(new long[] {1, 2, 3}, 0));
    }
}
