package io.baseplate.notify.email.internal;

import java.io.IOException;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.MimeMessage;

import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * An SMTP transport that writes the sender's record of a message between its content and the end of data
 * ({@code CRLF.CRLF}) that makes the server take it. A server that loses the connection before the end of
 * data discards the message (RFC 5321, 4.1.1.4), so a crash before the record is written sends nothing and
 * the retry sends once; a crash after it comes after the record, and the retry sends nothing. What is left
 * is the instant between the record's commit and the write of the end of data: a crash there loses the
 * message rather than sending it twice. When the server does not confirm the message, the record is removed
 * again and the failure goes to the caller for a retry.
 */
final class RecordingSmtpTransport extends SMTPTransport {

    /** How the sender remembers that a message went out: its idempotency record. */
    interface SentRecord {

        /** Records the message as sent. Called once per attempt, before the server is asked to take it. */
        void write();

        /** Removes the record again: the server did not confirm that it took the message. */
        void remove();
    }

    /** The record could not be written: the message is abandoned before the server takes it. */
    private static final class RecordNotWritten extends IOException {
        RecordNotWritten(RuntimeException cause) {
            super("The sent record could not be written", cause);
        }
    }

    private SentRecord record;
    private boolean recorded;

    RecordingSmtpTransport(Session session, URLName server) {
        super(session, server);
    }

    /**
     * Sends the message, writing its record just before the server takes it.
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
        }
    }

    @Override
    protected void finishData() throws IOException, MessagingException {
        try {
            record.write();
        } catch (RuntimeException e) {
            // As an IOException, Angus closes the connection without sending the end of data.
            throw new RecordNotWritten(e);
        }
        recorded = true;
        super.finishData();
    }
}
