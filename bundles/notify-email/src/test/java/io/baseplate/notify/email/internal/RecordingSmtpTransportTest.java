package io.baseplate.notify.email.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;

import io.baseplate.api.command.PermanentFailure;

/** When the sent record is written and removed, against a real SMTP server (GreenMail) and one that refuses every message. */
class RecordingSmtpTransportTest {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    /** What happened to the record, in order, with how many messages the server held at each write. */
    private final List<String> history = new CopyOnWriteArrayList<>();

    @Test
    void theRecordCommitsAfterTheEndOfDataIsWrittenAndBeforeTheReplyIsRead() throws Exception {
        mailer(SMTP.getSmtp().getPort()).send(mail("<m-1@baseplate>"), record(null));

        assertEquals(List.of("write with 0 received, taken before the commit"), history);
        assertEquals(1, SMTP.getReceivedMessages().length);
        assertEquals("<m-1@baseplate>", SMTP.getReceivedMessages()[0].getMessageID());
    }

    @Test
    void aRecordThatCannotBeWrittenAbandonsTheMessageMidData() throws Exception {
        IllegalStateException databaseDown = new IllegalStateException("database unavailable");
        SmtpMailer mailer = mailer(SMTP.getSmtp().getPort());

        assertSame(databaseDown, assertThrows(IllegalStateException.class, () -> mailer.send(mail("<m-2@baseplate>"), record(databaseDown))));

        // The server saw the content but never its end: it discards the message.
        assertFalse(SMTP.waitForIncomingEmail(1_000, 1));
        // The next message opens a new session and is sent normally.
        mailer.send(mail("<m-3@baseplate>"), record(null));
        assertTrue(SMTP.waitForIncomingEmail(1_000, 1));
        assertEquals("<m-3@baseplate>", SMTP.getReceivedMessages()[0].getMessageID());
    }

    @Test
    void aMessageRefusedAtTheEndOfDataHasItsRecordRemoved() throws Exception {
        try (RefusingServer server = new RefusingServer(451)) {
            MessagingException refused = assertThrows(MessagingException.class,
                    () -> mailer(server.port()).send(mail("<m-4@baseplate>"), record(null)));

            assertFalse(SmtpMailer.refusedPermanently(refused));
            assertEquals(List.of("write with 0 received", "remove"), history);
        }
    }

    @Test
    void aMessageRefusedPermanentlyHasItsRecordRemovedToo() throws Exception {
        try (RefusingServer server = new RefusingServer(554)) {
            assertThrows(PermanentFailure.class, () -> mailer(server.port()).send(mail("<m-5@baseplate>"), record(null)));

            assertEquals(List.of("write with 0 received", "remove"), history);
        }
    }

    private RecordingSmtpTransport.SentRecord record(RuntimeException writeFailure) {
        return new RecordingSmtpTransport.SentRecord() {
            @Override
            public void writeAround(Runnable endOfData) {
                if (writeFailure != null) {
                    throw writeFailure;
                }
                int before = SMTP.getReceivedMessages().length;
                endOfData.run();
                // The end of data is out before the commit: a server that takes the message has it now.
                boolean taken = SMTP.waitForIncomingEmail(2_000, before + 1);
                history.add("write with " + before + " received" + (taken ? ", taken before the commit" : ""));
            }

            @Override
            public void remove() {
                history.add("remove");
            }
        };
    }

    private static SmtpMailer mailer(int port) {
        return new SmtpMailer(SendReceiptHandlerTest.config(port));
    }

    private static SmtpMailer.Mail mail(String messageId) throws Exception {
        return new SmtpMailer.Mail(messageId, new InternetAddress("customer@example.com"), "Subject", "Body");
    }

    /** An SMTP server that takes every command and refuses every message at its end of data with {@code replyCode}. */
    private static final class RefusingServer implements AutoCloseable {

        private final ServerSocket socket;

        RefusingServer(int replyCode) throws IOException {
            socket = new ServerSocket(0);
            Thread serving = new Thread(() -> serve(replyCode), "refusing-smtp");
            serving.setDaemon(true);
            serving.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve(int replyCode) {
            try (Socket client = socket.accept();
                 BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII))) {
                OutputStream out = client.getOutputStream();
                reply(out, "220 refusing");
                boolean inData = false;
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (inData) {
                        if (line.equals(".")) {
                            inData = false;
                            reply(out, replyCode + " refused");
                        }
                    } else if (line.startsWith("DATA")) {
                        inData = true;
                        reply(out, "354 go ahead");
                    } else if (line.startsWith("QUIT")) {
                        reply(out, "221 bye");
                        return;
                    } else {
                        reply(out, "250 ok");
                    }
                }
            } catch (IOException closed) {
                // The test is over.
            }
        }

        private static void reply(OutputStream out, String line) {
            try {
                out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
