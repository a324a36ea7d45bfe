package io.baseplate.payments.internal;

import java.util.UUID;

import jakarta.persistence.PersistenceException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.baseplate.api.payment.WebhookEvent;
import io.baseplate.api.persistence.Persistence;

/**
 * Applies verified provider events once each. The change is applied first and the event id recorded
 * after: applying is idempotent (an operation whose outcome is already known is left alone), so a crash
 * between the two makes the provider's redelivery harmless, where the other order would lose the event.
 */
@Component(service = ProviderEvents.class)
public class ProviderEvents {

    private final Persistence persistence;
    private final PaymentService payments;

    @Activate
    public ProviderEvents(@Reference Persistence persistence, @Reference PaymentService payments) {
        this.persistence = persistence;
        this.payments = payments;
    }

    public WebhooksResource.Receipt apply(String tenantId, String gatewayId, WebhookEvent event) {
        boolean seen = persistence.inTenant(tenantId, em -> em
                .createNamedQuery(WebhookEventEntity.BY_EVENT, WebhookEventEntity.class)
                .setParameter("gateway", gatewayId).setParameter("eventId", event.eventId())
                .getResultStream().findAny().isPresent());
        if (seen) {
            return new WebhooksResource.Receipt(event.eventId(), false, true);
        }
        boolean applied = event.operation() != null && payments.applyProviderEvent(tenantId, gatewayId,
                event.paymentId(), event.result().providerReference(), event.operation(), event.result());
        try {
            persistence.inTenant(tenantId, em -> {
                em.persist(new WebhookEventEntity(UUID.randomUUID().toString(), gatewayId, event.eventId(),
                        Persistence.now()));
                return null;
            });
        } catch (PersistenceException concurrentDelivery) {
            return new WebhooksResource.Receipt(event.eventId(), applied, true);
        }
        return new WebhooksResource.Receipt(event.eventId(), applied, false);
    }
}
