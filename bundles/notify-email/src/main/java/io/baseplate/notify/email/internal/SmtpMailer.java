package io.baseplate.notify.email.internal;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Deque;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.ByteArrayDataSource;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.baseplate.api.command.PermanentFailure;

/**
 * Sends plain-text mail through the SMTP server configured under PID {@value #PID}, with Jakarta Mail
 * and Eclipse Angus Mail. Without a configuration it uses the defaults (localhost:25). SMTP sessions are
 * kept open for the next message, up to 100 messages or 30 s each: a campaign would otherwise spend most
 * of its time opening and closing them.
 */
@Component(service = SmtpMailer.class, configurationPid = SmtpMailer.PID)
@Designate(ocd = SmtpMailer.Config.class)
public class SmtpMailer {

    static final String PID = "io.baseplate.mail";

    @ObjectClassDefinition(name = "Baseplate mail", description = "The SMTP server receipts are sent through.")
    public @interface Config {

        @AttributeDefinition(name = "Host", description = "Host name or address of the SMTP server.")
        String host() default "localhost";

        @AttributeDefinition(name = "Port", description = "Port of the SMTP server: 25, or 587 for submission with STARTTLS.", min = "1", max = "65535")
        int port() default 25;

        @AttributeDefinition(name = "From", description = "The sender address of every message.")
        String from() default "receipts@localhost";

        @AttributeDefinition(name = "User name", description = "User name for SMTP authentication; empty: no authentication.")
        String username() default "";

        @AttributeDefinition(name = "Password", description = "Password for SMTP authentication.", type = AttributeType.PASSWORD)
        String password() default "";

        @AttributeDefinition(name = "STARTTLS", description = "Require STARTTLS before authenticating and sending; "
                + "a server without it is then refused rather than sent to in the clear.")
        boolean startTls() default false;

        @AttributeDefinition(name = "Connect timeout (ms)", description = "How long to wait for the TCP connection.", min = "1")
        int connectTimeoutMillis() default 10_000;

        @AttributeDefinition(name = "Read timeout (ms)", description = "How long to wait for each reply of the server.", min = "1")
        int readTimeoutMillis() default 10_000;
    }

    /**
     * One message to send.
     *
     * @param messageId the Message-ID header, angle brackets included: the same for every attempt, so
     *                  receivers can recognise a resend
     */
    record Mail(String messageId, InternetAddress to, String subject, String body) {
    }

    /** An open SMTP session, kept for the next message: opening one costs more than sending a message on it. */
    private record Connection(Config settings, Session session, RecordingSmtpTransport transport, long openedNanos, int[] sent) {

        boolean reusable(Config current) {
            return settings == current && transport.isConnected() && sent[0] < MESSAGES_PER_CONNECTION
                    && System.nanoTime() - openedNanos < MAX_CONNECTION_AGE_NANOS;
        }

        void close() {
            try {
                transport.close();
            } catch (MessagingException alreadyGone) {
                // The server closed it first; nothing is lost.
            }
        }
    }

    /** Connections are kept at most this many, and for at most this long (servers close idle sessions after minutes). */
    private static final int POOLED_CONNECTIONS = 16;
    private static final long MAX_CONNECTION_AGE_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final int MESSAGES_PER_CONNECTION = 100;

    private final Deque<Connection> idle = new ConcurrentLinkedDeque<>();

    /** A send in progress keeps the settings it started with; the next one takes the new ones. */
    private volatile Config config;

    @Activate
    public SmtpMailer(Config config) {
        this.config = config;
    }

    @Modified
    void modified(Config config) {
        this.config = config;
        closeIdle();
    }

    @Deactivate
    void closeIdle() {
        for (Connection connection = idle.pollFirst(); connection != null; connection = idle.pollFirst()) {
            connection.close();
        }
    }

    /**
     * Sends one message and returns once the server has accepted it. Its record is written just before the
     * server takes it (see {@link RecordingSmtpTransport}), and removed again when the server refuses it.
     *
     * @throws PermanentFailure  when the server refuses it with a 5xx reply
     * @throws MessagingException when the server cannot be reached, answers 4xx or fails otherwise: a later
     *                            attempt may succeed
     */
    void send(Mail mail, RecordingSmtpTransport.SentRecord record) throws PermanentFailure, MessagingException {
        Config settings = config;
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Jakarta Mail finds its StreamProvider (MIME encoders) through java.util.ServiceLoader on the thread
        // context class loader, which inside OSGi sees no provider; Angus's own bundle loader sees its
        // META-INF/services. In the distribution SPI Fly or HK2's resource locator (there for other bundles)
        // also lets Jakarta Mail find Angus (ReceiptEmailIT passes without this switch); the switch keeps mail
        // working without them. The transport is created directly: no provider lookup by protocol name.
        thread.setContextClassLoader(SMTPTransport.class.getClassLoader());
        try {
            Connection connection = pooled(settings);
            boolean reused = connection != null;
            if (connection == null) {
                connection = open(settings);
            }
            try {
                sendOn(connection, mail, record);
            } catch (MessagingException e) {
                connection.close();
                if (!reused || refusedPermanently(e)) {
                    throw e;
                }
                // A kept session the server had closed meanwhile: once more on a new one.
                connection = open(settings);
                try {
                    sendOn(connection, mail, record);
                } catch (MessagingException again) {
                    connection.close();
                    throw again;
                }
            }
            keep(connection);
        } catch (MessagingException e) {
            if (refusedPermanently(e)) {
                throw new PermanentFailure("The SMTP server refused the message to " + mail.to() + ": " + e.getMessage(), e);
            }
            throw e;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private Connection pooled(Config settings) {
        for (Connection connection = idle.pollFirst(); connection != null; connection = idle.pollFirst()) {
            if (connection.reusable(settings)) {
                return connection;
            }
            connection.close();
        }
        return null;
    }

    private static Connection open(Config settings) throws MessagingException {
        Session session = Session.getInstance(sessionProperties(settings));
        RecordingSmtpTransport transport = new RecordingSmtpTransport(session, new URLName("smtp", settings.host(), settings.port(), null, null, null));
        transport.connect(settings.host(), settings.port(), emptyToNull(settings.username()), emptyToNull(settings.password()));
        return new Connection(settings, session, transport, System.nanoTime(), new int[1]);
    }

    private static void sendOn(Connection connection, Mail mail, RecordingSmtpTransport.SentRecord record) throws MessagingException {
        MimeMessage message = message(connection.session(), connection.settings(), mail);
        connection.transport().send(message, record);
        connection.sent()[0]++;
    }

    private void keep(Connection connection) {
        if (connection.reusable(config) && idle.size() < POOLED_CONNECTIONS) {
            idle.offerFirst(connection);
        } else {
            connection.close();
        }
    }

    private static MimeMessage message(Session session, Config settings, Mail mail) throws MessagingException {
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", mail.messageId());
            }
        };
        message.setFrom(sender(settings));
        message.setRecipient(Message.RecipientType.TO, mail.to());
        message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());
        // A DataSource rather than setText: writing a String needs a content handler looked up through
        // Jakarta Activation's mailcap registry, which OSGi hides as it hides the mail providers.
        message.setDataHandler(new DataHandler(new ByteArrayDataSource(mail.body().getBytes(StandardCharsets.UTF_8),
                "text/plain; charset=UTF-8")));
        message.saveChanges();
        return message;
    }

    private static InternetAddress sender(Config settings) {
        try {
            return MailAddresses.parse(settings.from());
        } catch (AddressException e) {
            // The administrator's mistake, not the message's: fixing the configuration lets a retry succeed.
            throw new IllegalStateException("The 'from' of configuration " + PID + " is not one address: " + e.getMessage(), e);
        }
    }

    static Properties sessionProperties(Config settings) {
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.connectiontimeout", Integer.toString(settings.connectTimeoutMillis()));
        properties.setProperty("mail.smtp.timeout", Integer.toString(settings.readTimeoutMillis()));
        // No mail.smtp.writetimeout: Angus implements it with a thread per connection that each write wakes, and
        // that wake, between the journal's note and the end of data, made a kill there likelier to lose a message
        // (3 in 15 kills against 1 without). A message of a few kilobytes fits the socket's send buffer, so its
        // write does not wait on the server.
        properties.setProperty("mail.smtp.auth", Boolean.toString(!settings.username().isEmpty()));
        if (settings.startTls()) {
            properties.setProperty("mail.smtp.starttls.enable", "true");
            properties.setProperty("mail.smtp.starttls.required", "true");
            properties.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        }
        return properties;
    }

    /**
     * Whether the server's answer rules out any retry: a 5xx reply, to a recipient (Angus chains one
     * exception per refused recipient) or to the message. A 4xx reply and a connection failure leave it open.
     */
    static boolean refusedPermanently(MessagingException failure) {
        for (Exception e = failure; e != null; e = e instanceof MessagingException m ? m.getNextException() : null) {
            int replyCode = e instanceof SMTPAddressFailedException address ? address.getReturnCode()
                    : e instanceof SMTPSendFailedException send ? send.getReturnCode() : 0;
            if (replyCode >= 500 && replyCode < 600) {
                return true;
            }
        }
        return false;
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
