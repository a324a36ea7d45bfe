package io.baseplate.notify.email.internal;

import java.util.Map;
import java.util.Objects;

/**
 * A receipt's subject and body with {@code {{name}}} placeholders, and the address receipts go to when
 * the payment names none. A placeholder without a value stays as written; values go in as plain text.
 *
 * @param subject          one line: no CR or LF, so no value or template can add a header
 * @param body             plain text
 * @param defaultRecipient where receipts go when the payment has no customer email; null for nowhere
 */
record ReceiptTemplate(String subject, String body, String defaultRecipient) {

    /** The template of a tenant that has not set its own. */
    static final ReceiptTemplate BUILT_IN = new ReceiptTemplate("Receipt for payment {{paymentId}}", """
            Thank you for your payment.

            Payment:   {{paymentId}}
            Amount:    {{amount}} {{currency}}
            Reference: {{reference}}
            Paid via:  {{gateway}}
            """, null);

    ReceiptTemplate {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(body, "body");
        if (MailAddresses.hasLineBreak(subject)) {
            throw new IllegalArgumentException("A receipt subject is one line: it must not contain CR or LF");
        }
        if (defaultRecipient != null && MailAddresses.hasLineBreak(defaultRecipient)) {
            throw new IllegalArgumentException("A receipt address must not contain CR or LF");
        }
    }

    String subject(Map<String, String> values) {
        return Placeholders.render(subject, values, true);
    }

    String body(Map<String, String> values) {
        return Placeholders.render(body, values, false);
    }
}
