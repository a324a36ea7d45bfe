package io.baseplate.events.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class StreamLivenessTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final StreamLiveness liveness = new StreamLiveness(nanos::get, Duration.ofSeconds(15), Duration.ofSeconds(10));

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    @Test
    void aHeartbeatIsDueAfterAnIntervalWithoutOutput() {
        advance(Duration.ofMillis(14_999));
        assertFalse(liveness.heartbeatDue());
        advance(Duration.ofMillis(1));
        assertTrue(liveness.heartbeatDue());

        liveness.wrote();
        assertFalse(liveness.heartbeatDue());
        advance(Duration.ofSeconds(15));
        assertTrue(liveness.heartbeatDue());
    }

    @Test
    void aClientIsStalledOnceItHasNotAcceptedOutputForLongerThanTheLimit() {
        liveness.unwritable();
        advance(Duration.ofSeconds(6));
        // Repeated checks while still unwritable keep the first moment it stopped accepting output.
        liveness.unwritable();
        advance(Duration.ofSeconds(4));
        assertFalse(liveness.stalled());
        advance(Duration.ofMillis(1));
        assertTrue(liveness.stalled());
    }

    @Test
    void becomingWritableAgainResetsTheStallClock() {
        liveness.unwritable();
        advance(Duration.ofSeconds(9));
        liveness.writable();
        advance(Duration.ofSeconds(9));
        assertFalse(liveness.stalled());

        liveness.unwritable();
        advance(Duration.ofSeconds(9));
        assertFalse(liveness.stalled());
        advance(Duration.ofSeconds(2));
        assertTrue(liveness.stalled());
    }

    @Test
    void aClientThatAcceptsOutputIsNeverStalledHoweverLongItIsQuiet() {
        advance(Duration.ofHours(1));
        assertFalse(liveness.stalled());
    }
}
