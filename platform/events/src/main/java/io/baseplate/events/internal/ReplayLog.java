package io.baseplate.events.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A tenant's most recent events, kept so that a client reconnecting with {@code Last-Event-ID} is
 * first sent what it missed. Ids must be appended in increasing order. Not thread safe: the tenant's
 * channel guards it.
 */
final class ReplayLog {

    /** An encoded event and its id. */
    record Entry(long id, byte[] frame) {
    }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final int capacity;

    ReplayLog(int capacity) {
        this.capacity = capacity;
    }

    void append(long id, byte[] frame) {
        if (capacity == 0) {
            return;
        }
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(new Entry(id, frame));
    }

    /**
     * The kept frames after {@code lastEventId}, oldest first. A header that is absent, blank or not an
     * id this server issues replays nothing: a client that cannot say where it stopped gets live events only.
     */
    List<byte[]> framesAfter(String lastEventId) {
        long after = parseId(lastEventId);
        List<byte[]> missed = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.id() > after) {
                missed.add(entry.frame());
            }
        }
        return missed;
    }

    private static long parseId(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return Long.MAX_VALUE;
        }
        try {
            return Long.parseLong(lastEventId.strip());
        } catch (NumberFormatException notOurs) {
            return Long.MAX_VALUE;
        }
    }
}
