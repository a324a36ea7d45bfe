package io.baseplate.events.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.baseplate.api.outbox.EventLog;

/** When a client that sends Last-Event-ID is replayed what it missed, and when it is sent a reset. */
class ResumeTest {

    private static EventLog.Slice slice(boolean more, long firstSeq, long lastSeq) {
        return new EventLog.Slice(List.of(), more, firstSeq, lastSeq);
    }

    @Test
    void aPositionInsideTheWindowIsReplayed() {
        assertNull(EventStreams.resetReason(10, slice(false, 1, 20)));
        assertNull(EventStreams.resetReason(20, slice(false, 1, 20)), "nothing missed");
        assertNull(EventStreams.resetReason(4, slice(false, 5, 20)), "the event after it is the oldest kept");
        assertNull(EventStreams.resetReason(0, slice(false, 0, 0)), "an empty log, from the start");
    }

    @Test
    void moreMissedThanTheLimitIsAReset() {
        assertEquals("too-many-missed", EventStreams.resetReason(10, slice(true, 1, 5000)));
    }

    @Test
    void aPositionWhoseFollowersMayBeGoneIsAReset() {
        assertEquals("outside-window", EventStreams.resetReason(3, slice(false, 5, 20)));
        assertEquals("outside-window", EventStreams.resetReason(0, slice(false, 7, 20)));
    }

    @Test
    void aPositionTheLogNeverHeldIsAReset() {
        assertEquals("unknown-position", EventStreams.resetReason(21, slice(false, 1, 20)), "from the future, or another database");
        assertEquals("unknown-position", EventStreams.resetReason(1_795_000_000_000_000L, slice(false, 0, 0)),
                "an id of the in-memory ids before positions");
        assertEquals("unknown-position", EventStreams.resetReason(EventStreams.position("abc"), slice(false, 1, 20)));
    }

    @Test
    void lastEventIdsAreReadAsPositionsOrAsNone() {
        assertEquals(42, EventStreams.position(" 42 "));
        assertEquals(-1, EventStreams.position("-5"));
        assertEquals(-1, EventStreams.position("42abc"));
        assertEquals(-1, EventStreams.position("99999999999999999999999"));
    }
}
