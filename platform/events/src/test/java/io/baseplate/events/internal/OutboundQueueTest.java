package io.baseplate.events.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OutboundQueueTest {

    private static byte[] frame(int n) {
        return new byte[] {(byte) n};
    }

    @Test
    void aFullQueueRefusesTheNextEventAndKeepsWhatItHolds() {
        OutboundQueue queue = new OutboundQueue(3);
        assertTrue(queue.offer(frame(1)));
        assertTrue(queue.offer(frame(2)));
        assertTrue(queue.offer(frame(3)));

        assertFalse(queue.offer(frame(4)), "a client a full queue behind must be refused, not buffered for");
        assertEquals(3, queue.size());
        assertArrayEquals(frame(1), queue.poll());
        assertArrayEquals(frame(2), queue.poll());
        assertArrayEquals(frame(3), queue.poll());
        assertNull(queue.poll());
    }

    @Test
    void drainingMakesRoomAgain() {
        OutboundQueue queue = new OutboundQueue(1);
        assertTrue(queue.offer(frame(1)));
        assertFalse(queue.offer(frame(2)));
        queue.poll();
        assertTrue(queue.offer(frame(3)));
    }

    @Test
    void theFramesAStreamStartsWithAreQueuedWhateverTheBoundAndCountAgainstIt() {
        OutboundQueue queue = new OutboundQueue(2);
        queue.add(frame(1));
        queue.add(frame(2));
        queue.add(frame(3));

        assertEquals(3, queue.size());
        assertFalse(queue.offer(frame(4)));
        assertArrayEquals(frame(1), queue.poll());
    }
}
