package io.baseplate.notify.email.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;

class SmtpMailerTest {

    @Test
    void aRecipientRefusedWith5xxIsPermanent() throws Exception {
        assertTrue(SmtpMailer.refusedPermanently(refusedRecipient(550)));
    }

    @Test
    void aRecipientRefusedWith4xxMayBeRetried() throws Exception {
        assertFalse(SmtpMailer.refusedPermanently(refusedRecipient(450)));
    }

    @Test
    void aMessageRefusedWith5xxIsPermanentAndWith4xxNot() {
        assertTrue(SmtpMailer.refusedPermanently(new SMTPSendFailedException("DATA", 554, "rejected", null, null, null, null)));
        assertFalse(SmtpMailer.refusedPermanently(new SMTPSendFailedException("DATA", 451, "try later", null, null, null, null)));
    }

    @Test
    void aFailureWithoutReplyMayBeRetried() {
        assertFalse(SmtpMailer.refusedPermanently(new MessagingException("Could not connect")));
    }

    /** What Angus throws when the server refuses the only recipient at RCPT TO. */
    private static SendFailedException refusedRecipient(int replyCode) throws Exception {
        InternetAddress address = new InternetAddress("someone@example.com");
        SMTPAddressFailedException refusal = new SMTPAddressFailedException(address, "RCPT TO:<someone@example.com>", replyCode, "refused");
        Address[] refused = {address};
        return replyCode >= 500
                ? new SendFailedException("Invalid Addresses", refusal, new Address[0], new Address[0], refused)
                : new SendFailedException("Invalid Addresses", refusal, new Address[0], refused, new Address[0]);
    }
}
