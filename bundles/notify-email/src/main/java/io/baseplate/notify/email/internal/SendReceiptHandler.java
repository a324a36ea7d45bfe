package io.baseplate.notify.email.internal;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Map;
import java.util.Optional;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.baseplate.api.command.Command;
import io.baseplate.api.command.CommandHandler;
import io.baseplate.api.command.CommandPolicy;
import io.baseplate.api.command.CommandTrigger;
import io.baseplate.api.command.CommandType;
import io.baseplate.api.command.PermanentFailure;
import io.baseplate.api.payment.PaymentEvents;

/**
 * Emails the receipt of a captured payment, rendered with the tenant's template, to the payment's
 * customer email or else to the tenant's default receipt address; with neither, nothing is sent and
 * the job still succeeds. Subscribed to captures through the outbox: every captured payment gets
 * exactly one such job.
 *
 * <p>The job id makes it idempotent: it is the message's {@code Message-ID} ({@code <jobId@baseplate>}),
 * and a job whose receipt was sent before is not sent again. The record commits with the end of data that
 * makes the server take the message, and the node's {@link SentJournal} notes it just before: only a crash
 * in the instant between the note and the end of data loses the receipt (see {@link RecordingSmtpTransport}).
 */
@Component
@CommandType(SendReceiptHandler.TYPE)
@CommandTrigger(PaymentEvents.TOPIC_CAPTURED)
// A mail server can be away longer than the default policy's ~15 s of retries: these span 1 to 1.7 hours.
@CommandPolicy(maxAttempts = 12, baseDelayMillis = 5_000, maxDelayMillis = 1_800_000)
public class SendReceiptHandler implements CommandHandler {

    static final String TYPE = "SendReceipt";

    /** Payload field (String, optional): the customer's email address, where the receipt goes. */
    static final String EMAIL = "email";

    private final ReceiptTemplates templates;
    private final SentEmails sentEmails;
    private final SmtpMailer mailer;

    @Activate
    public SendReceiptHandler(@Reference ReceiptTemplates templates, @Reference SentEmails sentEmails,
                              @Reference SmtpMailer mailer) {
        this.templates = templates;
        this.sentEmails = sentEmails;
        this.mailer = mailer;
    }

    /**
     * @throws PermanentFailure  when the payload or the recipient address can never make a receipt, or the
     *                           SMTP server refuses the message with a 5xx reply
     * @throws MessagingException when the SMTP server is unreachable or answers 4xx: worth a retry
     */
    @Override
    public String execute(Command command) throws PermanentFailure, MessagingException {
        Map<String, String> payment = command.payload();
        if (command.tenantId() == null) {
            throw new PermanentFailure("SendReceipt command " + command.id() + " names no tenant");
        }
        Map<String, String> values = placeholders(payment);
        String paymentId = values.get("paymentId");
        ReceiptTemplate template = templates.inUse(command.tenantId());
        String recipient = recipient(payment, template);
        if (recipient == null) {
            return "No recipient for the receipt of payment " + paymentId + ": not sent";
        }
        Optional<String> sentTo = sentEmails.recipientOf(command.tenantId(), command.id());
        if (sentTo.isPresent()) {
            return "Receipt for payment " + paymentId + " already sent to " + sentTo.get();
        }
        mailer.send(new SmtpMailer.Mail(messageId(command), address(recipient), template.subject(values), template.body(values)),
                sentEmails.recordOf(command.tenantId(), command.id(), recipient));
        return "Receipt for payment " + paymentId + " sent to " + recipient;
    }

    static String messageId(Command command) {
        return "<" + command.id() + "@baseplate>";
    }

    /** The values of the template's placeholders; {@code amount} in major units of the currency (499.00 INR, 500 JPY). */
    static Map<String, String> placeholders(Map<String, String> payment) throws PermanentFailure {
        String currency = required(payment, PaymentEvents.CURRENCY);
        long minorUnits;
        int fractionDigits;
        try {
            minorUnits = Long.parseLong(required(payment, PaymentEvents.AMOUNT));
            fractionDigits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException e) {
            throw new PermanentFailure("SendReceipt command has an invalid amount or currency: " + e.getMessage(), e);
        }
        return Map.of(
                "paymentId", required(payment, PaymentEvents.PAYMENT_ID),
                "amount", BigDecimal.valueOf(minorUnits, fractionDigits).toPlainString(),
                "currency", currency,
                "reference", payment.getOrDefault(PaymentEvents.REFERENCE, ""),
                "gateway", payment.getOrDefault(PaymentEvents.GATEWAY, ""));
    }

    private static String recipient(Map<String, String> payment, ReceiptTemplate template) {
        String customer = payment.get(EMAIL);
        return customer != null && !customer.isBlank() ? customer.strip() : template.defaultRecipient();
    }

    static InternetAddress address(String recipient) throws PermanentFailure {
        try {
            return MailAddresses.parse(recipient);
        } catch (AddressException e) {
            throw new PermanentFailure("'" + recipient + "' is not an email address: " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> payload, String name) throws PermanentFailure {
        String value = payload.get(name);
        if (value == null) {
            throw new PermanentFailure("SendReceipt command lacks '" + name + "'");
        }
        return value;
    }
}
