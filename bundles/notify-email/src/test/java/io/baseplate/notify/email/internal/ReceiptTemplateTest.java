package io.baseplate.notify.email.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ReceiptTemplateTest {

    private static final Map<String, String> VALUES = Map.of("paymentId", "p-1", "amount", "499.00", "currency", "INR",
            "reference", "order-1", "gateway", "razorpay");

    @Test
    void placeholdersTakeTheirValuesAndUnknownOnesStayAsWritten() {
        ReceiptTemplate template = new ReceiptTemplate("Paid {{amount}} {{currency}}", "{{paymentId}} via {{gateway}}, {{tip}} {{ amount }}", null);

        assertEquals("Paid 499.00 INR", template.subject(VALUES));
        assertEquals("p-1 via razorpay, {{tip}} {{ amount }}", template.body(VALUES));
    }

    @Test
    void valuesAreInsertedAsPlainText() {
        ReceiptTemplate template = new ReceiptTemplate("Order {{reference}}", "Order {{reference}}", null);
        Map<String, String> values = Map.of("reference", "$1 \\{{amount}}\r\nBcc: victim@example.com");

        assertEquals("Order $1 \\{{amount}}  Bcc: victim@example.com", template.subject(values),
                "no line break reaches the subject, and no value is read as a placeholder or a regex group");
        assertEquals("Order $1 \\{{amount}}\r\nBcc: victim@example.com", template.body(values));
    }

    @Test
    void aSubjectOrAddressWithALineBreakIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ReceiptTemplate("Receipt\r\nBcc: victim@example.com", "body", null));
        assertThrows(IllegalArgumentException.class, () -> new ReceiptTemplate("Receipt", "body", "a@example.com\nBcc: b@example.com"));
    }

    @Test
    void theBuiltInTemplateNamesEveryPaymentValue() {
        String body = ReceiptTemplate.BUILT_IN.body(VALUES);

        assertEquals("Receipt for payment p-1", ReceiptTemplate.BUILT_IN.subject(VALUES));
        for (String value : VALUES.values()) {
            assertEquals(true, body.contains(value), body + " lacks " + value);
        }
    }
}
