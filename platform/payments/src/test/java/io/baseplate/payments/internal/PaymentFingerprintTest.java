package io.baseplate.payments.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class PaymentFingerprintTest {

    private static final PaymentService.NewPayment PAYMENT = new PaymentService.NewPayment(49900, "INR", null, "order-1", "tok_ok", true);

    @Test
    void theSameRequestHasTheSameFingerprint() {
        assertEquals(PaymentService.fingerprint(PAYMENT),
                PaymentService.fingerprint(new PaymentService.NewPayment(49900, "INR", null, "order-1", "tok_ok", true)));
        assertEquals(64, PaymentService.fingerprint(PAYMENT).length());
    }

    @Test
    void anyChangedFieldChangesTheFingerprint() {
        String original = PaymentService.fingerprint(PAYMENT);
        assertNotEquals(original, PaymentService.fingerprint(new PaymentService.NewPayment(49901, "INR", null, "order-1", "tok_ok", true)));
        assertNotEquals(original, PaymentService.fingerprint(new PaymentService.NewPayment(49900, "USD", null, "order-1", "tok_ok", true)));
        assertNotEquals(original, PaymentService.fingerprint(new PaymentService.NewPayment(49900, "INR", null, "order-2", "tok_ok", true)));
        assertNotEquals(original, PaymentService.fingerprint(new PaymentService.NewPayment(49900, "INR", null, null, "tok_ok", true)));
        assertNotEquals(original, PaymentService.fingerprint(new PaymentService.NewPayment(49900, "INR", null, "order-1", "tok_decline", true)));
    }
}
