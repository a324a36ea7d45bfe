package io.baseplate.notify.email.internal;

import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.baseplate.api.persistence.Persistence;

/** Which SendReceipt jobs have had their receipt accepted by the SMTP server: the handler's idempotency record. */
@Component(service = SentReceipts.class)
public class SentReceipts {

    private final Persistence persistence;

    @Activate
    public SentReceipts(@Reference Persistence persistence) {
        this.persistence = persistence;
    }

    /** The address the job's receipt was sent to; empty when it has not been sent. */
    Optional<String> recipientOf(String tenantId, String jobId) {
        return persistence.inTenant(tenantId, em -> Optional.ofNullable(em.find(SentReceiptEntity.class, jobId))
                .map(SentReceiptEntity::getRecipient));
    }

    void record(String tenantId, String jobId, String recipient) {
        persistence.inTenant(tenantId, em -> {
            em.persist(new SentReceiptEntity(jobId, recipient, Persistence.now()));
            return null;
        });
    }
}
