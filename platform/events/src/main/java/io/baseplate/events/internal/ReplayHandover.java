package io.baseplate.events.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Joins a stream's replay, read from the event log, with the live events that arrive meanwhile, so
 * that one connection sends each outbox event once. Until the replay is in, live events are held (as
 * many as a stream's queue holds); then the replay is sent, followed by the held events it did not
 * contain. From then on a live event is dropped when its position was replayed, or is at or below the
 * position the client resumed from (an event the relay sends again after a crash). Events without a
 * position are never dropped. Not thread safe: its subscriber guards it.
 */
final class ReplayHandover {

    /** What to do with a live event. */
    enum Decision { SEND, HOLD, DROP, OVERFLOW }

    private final int holdLimit;
    private List<StreamedEvent> held = new ArrayList<>();
    /** The position the client has everything up to; -1 when it resumed from nowhere. */
    private long floor = -1;
    /** Positions replayed above the floor, sorted: a live event among them is a duplicate. */
    private long[] replayed = new long[0];

    ReplayHandover(int holdLimit) {
        this.holdLimit = holdLimit;
    }

    Decision live(StreamedEvent event) {
        if (held != null) {
            if (held.size() >= holdLimit) {
                return Decision.OVERFLOW;
            }
            held.add(event);
            return Decision.HOLD;
        }
        return isNew(event) ? Decision.SEND : Decision.DROP;
    }

    /**
     * The replay is in: returns the events to send now, the replay first, and lets live events through.
     *
     * @param resumedFrom the position the client has everything up to (-1 for none)
     * @param replay      the events after it, in position order
     */
    List<StreamedEvent> replayed(long resumedFrom, List<StreamedEvent> replay) {
        floor = resumedFrom;
        replayed = replay.stream().mapToLong(StreamedEvent::seq).sorted().toArray();
        List<StreamedEvent> send = new ArrayList<>(replay);
        for (StreamedEvent event : held) {
            if (isNew(event)) {
                send.add(event);
            }
        }
        held = null;
        return send;
    }

    private boolean isNew(StreamedEvent event) {
        Long seq = event.seq();
        return seq == null || seq > floor && Arrays.binarySearch(replayed, seq) < 0;
    }
}
