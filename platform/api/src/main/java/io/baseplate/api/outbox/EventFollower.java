package io.baseplate.api.outbox;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Follows the outbox's events as the relay delivers them, straight from the relay rather than through
 * Event Admin: the platform's live streams are fed this way, so that an Event Admin observer that is slow
 * or throws cannot hold them up. Register an implementation as a service; the relay calls every
 * follower it knows, for each event, in position ({@value Outbox#EVENT_SEQ}) order, on its own single
 * thread, right after the commit that records the event's delivery (and submits the commands it
 * triggers), and before it queues the event for Event Admin's observers.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Only queue, never block.</b> The relay delivers the next event, marks events delivered and
 *       submits triggered commands only once {@link #delivered} has returned from every follower: a
 *       follower that waits (on a lock, a network client, the database) delays all of them, for every
 *       tenant. Hand the event to a bounded queue of your own and return.</li>
 *   <li><b>Throwing skips one event for one follower.</b> The relay logs the exception and goes on with
 *       the next follower and the next event; the event stays delivered and is not offered again.</li>
 *   <li><b>At most once, on the node that holds the relay lease.</b> An event is offered once, after its
 *       delivery committed; one committed but not yet offered when the process dies is not offered after
 *       the restart. A follower that must not miss events reads what it may have missed from the
 *       {@link EventLog} (as a live stream does for a client that reconnects).</li>
 * </ul>
 * A follower registered while events flow starts with an event the relay delivers after it was bound;
 * one being unregistered may still be offered the event in hand.
 */
@ConsumerType
public interface EventFollower {

    /**
     * One delivered event.
     *
     * @param tenantId the tenant it belongs to (also its {@code tenant.id} property)
     * @param event    the event, its properties exactly as Event Admin receives them: the tenant, the event's
     *                 id, position and source included
     */
    void delivered(String tenantId, EventLog.LoggedEvent event);
}
