package io.baseplate.notify.email.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.mail.MessagingException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.baseplate.api.command.Command;
import io.baseplate.api.command.CommandHandler;
import io.baseplate.api.command.CommandPolicy;
import io.baseplate.api.command.CommandType;
import io.baseplate.api.command.PermanentFailure;

/**
 * Sends one email of a campaign, rendered when the campaign started. Idempotent by job id as receipts are:
 * the job id is the Message-ID, and a job whose email the server accepted before sends nothing.
 */
@Component
@CommandType(SendCampaignEmailHandler.TYPE)
// Its own worker queue, so a campaign's thousands of jobs never hold up receipts and reports.
@CommandPolicy(maxAttempts = 8, baseDelayMillis = 5_000, maxDelayMillis = 600_000, queue = "email")
public class SendCampaignEmailHandler implements CommandHandler {

    static final String TYPE = "SendCampaignEmail";
    private static final String CAMPAIGN = "campaignId";
    private static final String TO = "to";
    private static final String SUBJECT = "subject";
    private static final String BODY = "body";

    private final SentEmails sent;
    private final SmtpMailer mailer;

    @Activate
    public SendCampaignEmailHandler(@Reference SentEmails sent, @Reference SmtpMailer mailer) {
        this.sent = sent;
        this.mailer = mailer;
    }

    /** The payload of one campaign email: the template rendered for its recipient, {@code {{email}}} included. */
    static Map<String, String> payload(String campaignId, String to, String subject, String body, Map<String, String> fields) {
        Map<String, String> values = new HashMap<>(fields);
        values.put("email", to);
        return Map.of(CAMPAIGN, campaignId, TO, to, SUBJECT, Placeholders.render(subject, values, true),
                BODY, Placeholders.render(body, values, false));
    }

    @Override
    public String execute(Command command) throws PermanentFailure, MessagingException {
        Map<String, String> email = command.payload();
        String to = email.get(TO);
        if (to == null || email.get(SUBJECT) == null || email.get(BODY) == null) {
            throw new PermanentFailure("SendCampaignEmail command " + command.id() + " lacks its recipient, subject or body");
        }
        Optional<String> sentTo = sent.recipientOf(command.tenantId(), command.id());
        if (sentTo.isPresent()) {
            return "Already sent to " + sentTo.get();
        }
        mailer.send(new SmtpMailer.Mail(SendReceiptHandler.messageId(command), SendReceiptHandler.address(to),
                email.get(SUBJECT), email.get(BODY)), sent.recordOf(command.tenantId(), command.id(), to));
        return "Sent to " + to;
    }
}
