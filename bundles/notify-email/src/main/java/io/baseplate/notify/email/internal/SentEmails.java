package io.baseplate.notify.email.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.baseplate.api.persistence.Persistence;

/**
 * Which email jobs (receipts and campaign emails) have had their message taken by the SMTP server: the
 * handlers' idempotency record, committed with the end of data that makes the server take the message, and
 * noted just before it in the node's {@link SentJournal}, which a {@code kill -9} before the commit is durable
 * leaves intact.
 */
@Component(service = SentEmails.class)
public class SentEmails {

    private final Persistence persistence;
    private final SentJournal journal;

    @Activate
    public SentEmails(@Reference Persistence persistence, BundleContext context) throws IOException {
        this(persistence, new SentJournal(journalDirectory(context)));
    }

    SentEmails(Persistence persistence, SentJournal journal) {
        this.persistence = persistence;
        this.journal = journal;
    }

    @Deactivate
    void close() {
        journal.close();
    }

    /** The address the job's message was sent to; empty when it has not been sent. */
    Optional<String> recipientOf(String tenantId, String jobId) {
        Optional<String> noted = journal.recipientOf(jobId);
        return noted.isPresent() ? noted : persistence.inTenant(tenantId,
                em -> Optional.ofNullable(em.find(SentEmailEntity.class, jobId)).map(SentEmailEntity::getRecipient));
    }

    /** The record of the job's message to {@code recipient}, for the mailer to write as the server takes the message. */
    RecordingSmtpTransport.SentRecord recordOf(String tenantId, String jobId, String recipient) {
        return new RecordingSmtpTransport.SentRecord() {
            @Override
            public void writeAround(Runnable endOfData) {
                persistence.inTenant(tenantId, em -> {
                    em.persist(new SentEmailEntity(jobId, recipient, Persistence.now()));
                    // Inserted before the end of data: a second run of the job waits on this row, then finds it.
                    em.flush();
                    // Noted before the end of data, not after: writing it wakes the server's reader, which may take
                    // the CPU from this thread for milliseconds, and a kill then would leave a sent message unnoted.
                    journal.sent(jobId, recipient);
                    try {
                        endOfData.run();
                    } catch (RuntimeException notWritten) {
                        journal.notSent(jobId);
                        throw notWritten;
                    }
                    return null;
                });
            }

            @Override
            public void remove() {
                journal.notSent(jobId);
                persistence.inTenant(tenantId, em -> {
                    em.remove(em.find(SentEmailEntity.class, jobId));
                    return null;
                });
            }
        };
    }

    /** {@code <baseplate.data.dir>/notify-email}, which outlives the process; else (an embedding that sets none) this bundle's data area. */
    private static Path journalDirectory(BundleContext context) {
        String dataDir = context.getProperty("baseplate.data.dir");
        return dataDir != null && !dataDir.isBlank() ? Path.of(dataDir, "notify-email") : context.getDataFile("").toPath();
    }
}
