package io.baseplate.notify.email.internal;

import java.io.IOException;
import java.io.OutputStream;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.MimeMessage;

import org.eclipse.angus.mail.smtp.SMTPOutputStream;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * An SMTP transport that writes the sender's record of a message in one transaction with the end of data
 * ({@code CRLF.CRLF}) that makes the server take it: the record is inserted, the end of data written, the
 * record committed, and only then is the server's reply read. A server that loses the connection before
 * the end of data discards the message (RFC 5321, 4.1.1.4), so a crash before it sends nothing, the record
 * rolls back and the retry sends once; once the end of data is written, the kernel delivers it even if the
 * process dies. Between writing the end of data and the commit becoming durable, the sender's own note,
 * made just before the end of data, stands in for the record ({@link SentJournal}): without it a crash there
 * would send the message again on the retry. When the server refuses the message, or its reply does not
 * come, the record is removed again and the failure goes to the caller for a retry.
 */
final class RecordingSmtpTransport extends SMTPTransport {

    /** How the sender remembers that a message went out: its idempotency record. */
    interface SentRecord {

        /**
         * Inserts the record, runs {@code endOfData}, and commits: a failure of either rolls the record back
         * and propagates.
         */
        void writeAround(Runnable endOfData);

        /** Removes the committed record again: the server did not confirm that it took the message. */
        void remove();
    }

    /** Carries a failure to write the end of data out of the record's transaction, rolling the record back. */
    private static final class EndOfDataNotWritten extends RuntimeException {
        EndOfDataNotWritten(MessagingException cause) {
            super(cause);
        }
    }

    /** The record could not be written: the connection is closed, which makes the server discard the message. */
    private static final class RecordNotWritten extends IOException {
        RecordNotWritten(RuntimeException cause) {
            super("The sent record could not be written", cause);
        }
    }

    private SentRecord record;
    private boolean recorded;
    private SMTPOutputStream content;

    RecordingSmtpTransport(Session session, URLName server) {
        super(session, server);
    }

    /**
     * Sends the message, recording it with its end of data.
     *
     * @throws MessagingException the server refused or did not confirm the message; the record is removed
     * @throws RuntimeException   the record could not be written (the connection is then closed mid-message,
     *                            which the server discards)
     */
    synchronized void send(MimeMessage message, SentRecord record) throws MessagingException {
        this.record = record;
        recorded = false;
        try {
            sendMessage(message, message.getAllRecipients());
        } catch (MessagingException notTaken) {
            if (notTaken.getNextException() instanceof RecordNotWritten notWritten) {
                throw (RuntimeException) notWritten.getCause();
            }
            if (recorded) {
                record.remove();
            }
            throw notTaken;
        } finally {
            this.record = null;
            content = null;
        }
    }

    @Override
    protected OutputStream data() throws MessagingException {
        content = (SMTPOutputStream) super.data();
        return content;
    }

    /** Replaces Angus's end of data (write {@code .}, expect 250) with one that commits the record in between. */
    @Override
    protected void finishData() throws IOException, MessagingException {
        content.ensureAtBOL();
        try {
            record.writeAround(() -> {
                try {
                    sendCommand(".");
                } catch (MessagingException e) {
                    throw new EndOfDataNotWritten(e);
                }
            });
        } catch (EndOfDataNotWritten e) {
            throw (MessagingException) e.getCause();
        } catch (RuntimeException e) {
            // As an IOException, Angus closes the connection. A server that took the end of data before the
            // commit failed keeps the message; the journal's note, made before the end of data, stops the retry.
            throw new RecordNotWritten(e);
        }
        recorded = true;
        int reply = readServerResponse();
        if (reply != 250) {
            throw new SMTPSendFailedException(".", reply, getLastServerResponse(), null, null, null, null);
        }
    }
}
