package io.baseplate.events.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class ReplayLogTest {

    private static byte[] frame(long id) {
        return ("event " + id).getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> texts(List<byte[]> frames) {
        return frames.stream().map(frame -> new String(frame, StandardCharsets.UTF_8)).toList();
    }

    private static ReplayLog logOf(int capacity, long... ids) {
        ReplayLog log = new ReplayLog(capacity);
        for (long id : ids) {
            log.append(id, frame(id));
        }
        return log;
    }

    @Test
    void replaysTheEventsAfterTheLastIdTheClientSaw() {
        ReplayLog log = logOf(10, 101, 102, 105, 107);

        assertEquals(List.of("event 105", "event 107"), texts(log.framesAfter("102")));
        assertEquals(List.of("event 105", "event 107"), texts(log.framesAfter(" 103 ")));
        assertEquals(List.of(), texts(log.framesAfter("107")));
    }

    @Test
    void anIdOlderThanEverythingKeptReplaysAllThatIsKept() {
        assertEquals(List.of("event 101", "event 102"), texts(logOf(10, 101, 102).framesAfter("5")));
    }

    @Test
    void keepsOnlyTheMostRecentEvents() {
        assertEquals(List.of("event 3", "event 4"), texts(logOf(2, 1, 2, 3, 4).framesAfter("0")));
        assertEquals(List.of(), texts(logOf(0, 1, 2).framesAfter("0")));
    }

    @Test
    void noUsableLastEventIdReplaysNothing() {
        ReplayLog log = logOf(10, 101, 102);

        assertEquals(List.of(), texts(log.framesAfter(null)));
        assertEquals(List.of(), texts(log.framesAfter(" ")));
        assertEquals(List.of(), texts(log.framesAfter("not-an-id")));
    }
}
