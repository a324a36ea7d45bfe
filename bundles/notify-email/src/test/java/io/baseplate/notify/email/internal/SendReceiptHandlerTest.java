package io.baseplate.notify.email.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.net.ServerSocket;
import java.util.HashMap;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import jakarta.mail.MessagingException;
import jakarta.persistence.EntityManager;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;

import io.baseplate.api.command.Command;
import io.baseplate.api.command.PermanentFailure;
import io.baseplate.api.payment.PaymentEvents;
import io.baseplate.api.persistence.Persistence;
import io.baseplate.core.testing.TestDatabase;

/** The handler against a real SMTP server (GreenMail on a free port) and a migrated H2 database. */
class SendReceiptHandlerTest {

    private static final String TENANT = "tenant-1";

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dataDir;

    private TestDatabase database;
    private Persistence persistence;
    private ReceiptTemplates templates;
    private SentJournal journal;
    private SentEmails sentEmails;

    @BeforeEach
    void openDatabase() throws Exception {
        database = TestDatabase.inMemory();
        persistence = database.persistence(ReceiptTemplateEntity.class, SentEmailEntity.class);
        templates = new ReceiptTemplates(persistence);
        journal = new SentJournal(dataDir);
        sentEmails = new SentEmails(persistence, journal);
    }

    @AfterEach
    void closeDatabase() throws IOException {
        journal.close();
        database.close();
    }

    @Test
    void theReceiptArrivesWithTheBuiltInTemplateAndTheJobIdAsMessageId() throws Exception {
        String result = handler(SMTP.getSmtp().getPort()).execute(receipt("job-1", "customer@example.com"));

        assertEquals("Receipt for payment p-1 sent to customer@example.com", result);
        MimeMessage[] received = SMTP.getReceivedMessages();
        assertEquals(1, received.length);
        MimeMessage message = received[0];
        assertEquals("<job-1@baseplate>", message.getMessageID());
        assertEquals("customer@example.com", message.getAllRecipients()[0].toString());
        assertEquals("receipts@shop.example", message.getFrom()[0].toString());
        assertEquals("Receipt for payment p-1", message.getSubject());
        String body = GreenMailUtil.getBody(message);
        assertTrue(body.contains("Amount:    499.00 INR"), body);
        assertTrue(body.contains("Reference: order-1"), body);
        assertTrue(body.contains("Paid via:  razorpay"), body);
    }

    @Test
    void aJobRunTwiceSendsOnce() throws Exception {
        SendReceiptHandler handler = handler(SMTP.getSmtp().getPort());

        handler.execute(receipt("job-2", "customer@example.com"));
        String second = handler.execute(receipt("job-2", "customer@example.com"));

        assertEquals("Receipt for payment p-1 already sent to customer@example.com", second);
        assertEquals(1, SMTP.getReceivedMessages().length);
    }

    @Test
    void theTenantsTemplateAndDefaultAddressAreUsed() throws Exception {
        templates.save(TENANT, new ReceiptTemplate("Your {{currency}} receipt", "Paid {{amount}} for {{reference}} ({{unknown}})",
                "accounts@shop.example"));

        handler(SMTP.getSmtp().getPort()).execute(receipt("job-3", null));

        MimeMessage message = SMTP.getReceivedMessages()[0];
        assertEquals("accounts@shop.example", message.getAllRecipients()[0].toString());
        assertEquals("Your INR receipt", message.getSubject());
        assertEquals("Paid 499.00 for order-1 ({{unknown}})", GreenMailUtil.getBody(message));
    }

    @Test
    void theCustomerEmailWinsOverTheTenantsDefaultAddress() throws Exception {
        templates.save(TENANT, new ReceiptTemplate(ReceiptTemplate.BUILT_IN.subject(), ReceiptTemplate.BUILT_IN.body(), "accounts@shop.example"));

        handler(SMTP.getSmtp().getPort()).execute(receipt("job-4", "customer@example.com"));

        assertEquals("customer@example.com", SMTP.getReceivedMessages()[0].getAllRecipients()[0].toString());
    }

    @Test
    void withoutAnyRecipientNothingIsSentAndTheJobSucceeds() throws Exception {
        String result = handler(SMTP.getSmtp().getPort()).execute(receipt("job-5", null));

        assertEquals("No recipient for the receipt of payment p-1: not sent", result);
        assertEquals(0, SMTP.getReceivedMessages().length);
    }

    @Test
    void anAddressWithALineBreakIsRefusedPermanentlyAndNothingIsSent() {
        SendReceiptHandler handler = handler(SMTP.getSmtp().getPort());

        assertThrows(PermanentFailure.class,
                () -> handler.execute(receipt("job-6", "customer@example.com\r\nBcc: victim@example.com")));
        assertEquals(0, SMTP.getReceivedMessages().length);
    }

    @Test
    void aMalformedAddressIsRefusedPermanently() {
        assertThrows(PermanentFailure.class,
                () -> handler(SMTP.getSmtp().getPort()).execute(receipt("job-7", "not an address@")));
        assertEquals(0, SMTP.getReceivedMessages().length);
    }

    @Test
    void aReferenceWithALineBreakDoesNotAddAHeader() throws Exception {
        Map<String, String> payload = new HashMap<>(receipt("job-8", "customer@example.com").payload());
        payload.put(PaymentEvents.REFERENCE, "order-1\r\nBcc: victim@example.com");
        templates.save(TENANT, new ReceiptTemplate("Receipt for {{reference}}", "body", null));

        handler(SMTP.getSmtp().getPort()).execute(new Command("job-8", TENANT, SendReceiptHandler.TYPE, payload, 1));

        MimeMessage message = SMTP.getReceivedMessages()[0];
        assertEquals(1, message.getAllRecipients().length);
        assertEquals(null, message.getHeader("Bcc"));
        assertEquals("Receipt for order-1  Bcc: victim@example.com", message.getSubject());
    }

    @Test
    void anUnreachableServerFailsTheJobForARetryAndRecordsNothing() throws Exception {
        SendReceiptHandler handler = handler(closedPort());

        MessagingException failure = assertThrows(MessagingException.class, () -> handler.execute(receipt("job-9", "customer@example.com")));

        assertFalse(SmtpMailer.refusedPermanently(failure));
        assertTrue(sentEmails.recipientOf(TENANT, "job-9").isEmpty());
        // Once the server is back, the retry sends.
        handler(SMTP.getSmtp().getPort()).execute(receipt("job-9", "customer@example.com"));
        assertEquals(1, SMTP.getReceivedMessages().length);
    }

    @Test
    void aProcessKilledBeforeTheRecordCommittedDoesNotSendAgainAfterItsRestart() throws Exception {
        // The job's second transaction, the record's, is cut off after the end of data, as a kill -9 before its commit would.
        AtomicInteger transactions = new AtomicInteger();
        Persistence killedBeforeCommit = new Persistence() {
            @Override
            public <T> T inTenant(String tenantId, Function<EntityManager, T> work) {
                if (transactions.incrementAndGet() == 1) {
                    return persistence.inTenant(tenantId, work);
                }
                return persistence.inTenant(tenantId, em -> {
                    work.apply(em);
                    throw new IllegalStateException("killed");
                });
            }

            @Override
            public <T> T inPlatform(Function<EntityManager, T> work) {
                return persistence.inPlatform(work);
            }
        };
        SendReceiptHandler dying = new SendReceiptHandler(templates, new SentEmails(killedBeforeCommit, journal),
                new SmtpMailer(config(SMTP.getSmtp().getPort())));
        assertThrows(IllegalStateException.class, () -> dying.execute(receipt("job-10", "customer@example.com")));
        assertTrue(SMTP.waitForIncomingEmail(2_000, 1));
        journal.close();

        // The restarted node reads its journal back: the database has no record, and the retry sends nothing.
        journal = new SentJournal(dataDir);
        SendReceiptHandler restarted = new SendReceiptHandler(templates, new SentEmails(persistence, journal),
                new SmtpMailer(config(SMTP.getSmtp().getPort())));
        String retry = restarted.execute(receipt("job-10", "customer@example.com"));

        assertEquals("Receipt for payment p-1 already sent to customer@example.com", retry);
        long records = persistence.inTenant(TENANT, em -> em.createQuery("select count(r) from SentEmailEntity r", Long.class).getSingleResult());
        assertEquals(0, records);
        assertEquals(1, SMTP.getReceivedMessages().length);
    }

    @Test
    void anEndOfDataThatCouldNotBeWrittenLeavesNeitherNoteNorRecord() throws Exception {
        RecordingSmtpTransport.SentRecord record = sentEmails.recordOf(TENANT, "job-11", "customer@example.com");

        assertThrows(IllegalStateException.class, () -> record.writeAround(() -> {
            // The note is written before the end of data, whose write fails here.
            assertEquals("customer@example.com", journal.recipientOf("job-11").orElseThrow());
            throw new IllegalStateException("connection reset");
        }));

        assertTrue(sentEmails.recipientOf(TENANT, "job-11").isEmpty());
        journal.close();
        journal = new SentJournal(dataDir);
        assertTrue(journal.recipientOf("job-11").isEmpty(), "the withdrawal is in the file too");
    }

    @Test
    void currenciesWithoutMinorUnitsAreNotDivided() throws Exception {
        Map<String, String> values = SendReceiptHandler.placeholders(Map.of(PaymentEvents.PAYMENT_ID, "p-2",
                PaymentEvents.AMOUNT, "500", PaymentEvents.CURRENCY, "JPY", PaymentEvents.GATEWAY, "stripe"));

        assertEquals("500", values.get("amount"));
        assertEquals("", values.get("reference"));
    }

    @Test
    void aPayloadWithoutAmountFailsPermanently() {
        assertThrows(PermanentFailure.class, () -> SendReceiptHandler.placeholders(
                Map.of(PaymentEvents.PAYMENT_ID, "p-3", PaymentEvents.CURRENCY, "USD")));
    }

    private SendReceiptHandler handler(int smtpPort) {
        return new SendReceiptHandler(templates, sentEmails, new SmtpMailer(config(smtpPort)));
    }

    private static Command receipt(String jobId, String email) {
        Map<String, String> payload = new HashMap<>(Map.of(PaymentEvents.PAYMENT_ID, "p-1", PaymentEvents.AMOUNT, "49900",
                PaymentEvents.CURRENCY, "INR", PaymentEvents.REFERENCE, "order-1", PaymentEvents.GATEWAY, "razorpay"));
        if (email != null) {
            payload.put(SendReceiptHandler.EMAIL, email);
        }
        return new Command(jobId, TENANT, SendReceiptHandler.TYPE, payload, 1);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The configuration DS would pass, for a server on localhost. */
    static SmtpMailer.Config config(int port) {
        return new SmtpMailer.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return SmtpMailer.Config.class;
            }

            @Override
            public String host() {
                return "127.0.0.1";
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public String from() {
                return "receipts@shop.example";
            }

            @Override
            public String username() {
                return "";
            }

            @Override
            public String password() {
                return "";
            }

            @Override
            public boolean startTls() {
                return false;
            }

            @Override
            public int connectTimeoutMillis() {
                return 2_000;
            }

            @Override
            public int readTimeoutMillis() {
                return 2_000;
            }
        };
    }
}
