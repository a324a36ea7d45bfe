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
 * Events are delivered to Event Admin after the commit, at least once, in the order they were
 * published per source id, each with an {@value #EVENT_ID} property that observers use to drop
 * duplicates. Commands become visible to workers at the commit.
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
