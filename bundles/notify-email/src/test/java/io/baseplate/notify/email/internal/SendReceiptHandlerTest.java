package io.baseplate.notify.email.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.baseplate.api.command.Command;
import io.baseplate.api.payment.PaymentEvents;

class SendReceiptHandlerTest {

    private final SendReceiptHandler handler = new SendReceiptHandler();

    @Test
    void rendersAmountInMajorUnitsOfTheCurrency() {
        String receipt = handler.execute(new Command("job-1", "t1", SendReceiptHandler.TYPE, Map.of(
                PaymentEvents.PAYMENT_ID, "p-1", PaymentEvents.AMOUNT, "49900", PaymentEvents.CURRENCY, "INR",
                PaymentEvents.REFERENCE, "order-1", PaymentEvents.GATEWAY, "razorpay"), 1));
        assertEquals("Receipt for payment p-1: 499.00 INR for order-1 via razorpay", receipt);
    }

    @Test
    void currenciesWithoutMinorUnitsAreNotDivided() {
        String receipt = SendReceiptHandler.render(Map.of(PaymentEvents.PAYMENT_ID, "p-2",
                PaymentEvents.AMOUNT, "500", PaymentEvents.CURRENCY, "JPY", PaymentEvents.GATEWAY, "stripe"));
        assertEquals("Receipt for payment p-2: 500 JPY via stripe", receipt);
    }

    @Test
    void aPayloadWithoutAmountFailsTheJob() {
        assertThrows(IllegalArgumentException.class, () -> SendReceiptHandler.render(
                Map.of(PaymentEvents.PAYMENT_ID, "p-3", PaymentEvents.CURRENCY, "USD")));
    }
}
