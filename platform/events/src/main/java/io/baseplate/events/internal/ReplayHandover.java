package io.baseplate.events.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Joins a stream's replay, read from the event log, with the live events that arrive meanwhile, so
 * that one connection sends each outbox event once. Until the replay is in, live events are held (as
 * many as a stream's queue holds); then the replay is sent, followed by the held events it did not
 * contain. From then on a live event is dropped when its position was replayed, or is at or below the
 * position the client resumed from (a replay also reads events committed but not yet delivered, which
 * the relay delivers afterwards). Events without a position are never dropped. Not thread safe: its
 * subscriber guards it.
 */
final class ReplayHandover {

    /** What to do with a live event. */
    enum Decision {
        SEND,
        /** Send, without its id: its position is below one sent already (see {@link #live}). */
        SEND_WITHOUT_ID,
        HOLD, DROP, OVERFLOW
    }

    private final int holdLimit;
    private List<StreamedEvent> held = new ArrayList<>();
    /** The position the client has everything up to; -1 when it resumed from nowhere. */
    private long floor = -1;
    /** Positions replayed above the floor, sorted: a live event among them is a duplicate. */
    private long[] replayed = new long[0];
    /** The highest position sent: the client's Last-Event-ID, which must never go back. */
    private long highestSent = -1;

    ReplayHandover(int holdLimit) {
        this.holdLimit = holdLimit;
    }

    /**
     * What to do with a live event. An event whose position is below one already sent (its transaction
     * committed so late that the relay had given up waiting for it) goes without its id, so the client's
     * Last-Event-ID stays the highest it has: resuming from a lower one would replay events twice.
     */
    Decision live(StreamedEvent event) {
        if (held != null) {
            if (held.size() >= holdLimit) {
                return Decision.OVERFLOW;
            }
            held.add(event);
            return Decision.HOLD;
        }
        if (!isNew(event)) {
            return Decision.DROP;
        }
        return sent(event) ? Decision.SEND : Decision.SEND_WITHOUT_ID;
    }

    /**
     * The replay is in: returns the events to send now, the replay first, and lets live events through.
     *
     * @param resumedFrom the position the client has everything up to (-1 for none)
     * @param replay      the events after it, in position order
     */
    List<StreamedEvent> replayed(long resumedFrom, List<StreamedEvent> replay) {
        floor = resumedFrom;
        highestSent = resumedFrom;
        replayed = replay.stream().mapToLong(StreamedEvent::seq).sorted().toArray();
        List<StreamedEvent> send = new ArrayList<>();
        for (StreamedEvent event : replay) {
            send.add(sent(event) ? event : event.withoutId());
        }
        for (StreamedEvent event : held) {
            if (isNew(event)) {
                send.add(sent(event) ? event : event.withoutId());
            }
        }
        held = null;
        return send;
    }

    /** Records an event as sent; false when its id must be left out, being below the highest sent. */
    private boolean sent(StreamedEvent event) {
        Long seq = event.seq();
        if (seq == null) {
            return true;
        }
        if (seq < highestSent) {
            return false;
        }
        highestSent = seq;
        return true;
    }

    private boolean isNew(StreamedEvent event) {
        Long seq = event.seq();
        return seq == null || seq > floor && Arrays.binarySearch(replayed, seq) < 0;
    }
}
