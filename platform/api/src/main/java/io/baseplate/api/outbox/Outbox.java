package io.baseplate.api.outbox;

import java.util.function.BiFunction;

import jakarta.persistence.EntityManager;

import org.osgi.annotation.versioning.ProviderType;

import io.baseplate.api.persistence.Persistence;

/**
 * The transactional outbox: a change to a bundle's own data, the events it causes and the commands
 * it submits are written in one transaction, so either all of them happen or none does.
 *
 * <pre>
 * outbox.inTenant(persistence, tenantId, (em, changes) -&gt; {
 *     PaymentEntity payment = em.find(PaymentEntity.class, id);
 *     payment.capture();
 *     changes.publish("baseplate/payment/CAPTURED", payment.getId(), Map.of("paymentId", id));
 *     return payment;
 * });
 * </pre>
 * Commands become visible to workers at the commit. Events are delivered after the commit, in the order
 * of their positions ({@value #EVENT_SEQ}), so in the order they were published per source id; the
 * relay records deliveries in transactions of its own, and what an event reaches depends on how it
 * is followed:
 * <ul>
 *   <li>commands subscribed with {@link io.baseplate.api.command.CommandTrigger}: submitted in the
 *       transaction that records the delivery, so one command per event, across crashes too;</li>
 *   <li>live streams and other {@link EventFollower}s: offered each event right after that commit, on
 *       the relay's thread; a client that reconnects is replayed what it missed from the {@link EventLog};</li>
 *   <li>Event Admin observers ({@code EventHandler} services): the event is then queued for them and
 *       sent from a thread of its own, in position order, so a slow or throwing observer delays neither
 *       the request, nor the relay, nor the live streams (only the other observers, until Event Admin's
 *       timeout skips it); <b>at most once</b>: events still queued for them when the process stops or
 *       dies are not sent again, nor are those dropped while they are too far behind (the relay's
 *       {@code observerQueueCapacity}). Work that must happen for every event belongs in a triggered
 *       command, not in an observer.</li>
 * </ul>
 * Each event carries an {@value #EVENT_ID}, the same wherever it arrives.
 */
@ProviderType
public interface Outbox {

    /** Event property (String): the outbox's id of the event, the same on every delivery of it. */
    String EVENT_ID = "baseplate.event.id";

    /**
     * Event property (Long): the event's position in the outbox, increasing with the order events were
     * published in; live streams send it as the Server-Sent Events id, and replay after it.
     */
    String EVENT_SEQ = "baseplate.event.seq";

    /** Event property (String): the source the event was published for (an entity id). */
    String SOURCE_ID = "baseplate.event.source";

    /**
     * Runs {@code work} in one transaction of the caller's {@link Persistence}, scoped to a tenant (as
     * {@link Persistence#inTenant}), with a writer for the events and commands of that transaction.
     */
    <T> T inTenant(Persistence persistence, String tenantId, BiFunction<EntityManager, OutboxWriter, T> work);
}
