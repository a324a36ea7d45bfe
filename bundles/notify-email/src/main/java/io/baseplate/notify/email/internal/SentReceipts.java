package io.baseplate.notify.email.internal;

import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.baseplate.api.persistence.Persistence;

/**
 * Which email jobs (receipts and campaign emails) have had their message taken by the SMTP server: the
 * handlers' idempotency record, written as the server is asked to take the message.
 */
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

    /** The record of the job's message to {@code recipient}, for the mailer to write as the server takes the message. */
    RecordingSmtpTransport.SentRecord recordOf(String tenantId, String jobId, String recipient) {
        return new RecordingSmtpTransport.SentRecord() {
            @Override
            public void write() {
                persistence.inTenant(tenantId, em -> {
                    em.persist(new SentReceiptEntity(jobId, recipient, Persistence.now()));
                    return null;
                });
            }

            @Override
            public void remove() {
                persistence.inTenant(tenantId, em -> {
                    em.remove(em.find(SentReceiptEntity.class, jobId));
                    return null;
                });
            }
        };
    }
}
