package io.baseplate.api.outbox;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The committed outbox events, read back: what a live stream replays to a client that reconnects with
 * the position of the last event it received ({@value Outbox#EVENT_SEQ}). The log holds each event for
 * the outbox's retention after its delivery (the relay's {@code retentionHours}, 24 h by default), on
 * every node that shares the database, so a replay also covers events delivered before a restart.
 */
@ProviderType
public interface EventLog {

    /**
     * A tenant's committed events after a position, oldest first: those still undelivered included, as
     * they commit. The same event read twice has the same position.
     *
     * @param tenantId the tenant whose events are read
     * @param afterSeq the position after which to read (0 reads from the oldest kept)
     * @param limit    the most events to return, at least 1
     */
    Slice after(String tenantId, long afterSeq, int limit);

    /**
     * An event of the log, as Event Admin received it.
     *
     * @param topic      its topic
     * @param seq        its position ({@value Outbox#EVENT_SEQ})
     * @param eventId    its id ({@value Outbox#EVENT_ID})
     * @param sourceId   the source it was published for ({@value Outbox#SOURCE_ID})
     * @param properties its properties as delivered, the three above and the tenant's id included
     */
    record LoggedEvent(String topic, long seq, String eventId, String sourceId, Map<String, Object> properties) {

        public LoggedEvent {
            properties = Map.copyOf(properties);
        }
    }

    /**
     * A read of the log.
     *
     * @param events   the tenant's events, oldest first, at most the limit asked for
     * @param more     whether the tenant has more events after the last of {@code events}
     * @param firstSeq the lowest position the log holds now, of any tenant (0 when it is empty): events at
     *                 positions below it may have been removed, so a read after a position lower than
     *                 {@code firstSeq - 1} may be missing some
     * @param lastSeq  the highest committed position of any tenant (0 when the log is empty)
     */
    record Slice(List<LoggedEvent> events, boolean more, long firstSeq, long lastSeq) {

        public Slice {
            events = List.copyOf(events);
        }
    }
}
