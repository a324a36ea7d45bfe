package io.baseplate.notify.email.internal;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import io.baseplate.api.command.Command;
import io.baseplate.api.command.CommandHandler;
import io.baseplate.api.command.CommandTrigger;
import io.baseplate.api.command.CommandType;
import io.baseplate.api.payment.PaymentEvents;

/**
 * Produces the receipt for a captured payment. Until SMTP delivery lands the receipt is recorded
 * as the job's result; rendering is deterministic per payment, so a retried job yields the same receipt.
 * Subscribed to captures through the outbox: every captured payment gets exactly one such job.
 */
@Component
@CommandType(SendReceiptHandler.TYPE)
@CommandTrigger(PaymentEvents.TOPIC_CAPTURED)
public class SendReceiptHandler implements CommandHandler {

    static final String TYPE = "SendReceipt";

    @Override
    public String execute(Command command) {
        return render(command.payload());
    }

    static String render(Map<String, String> payment) {
        String paymentId = required(payment, PaymentEvents.PAYMENT_ID);
        String currency = required(payment, PaymentEvents.CURRENCY);
        long minorUnits = Long.parseLong(required(payment, PaymentEvents.AMOUNT));
        int fractionDigits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        String amount = BigDecimal.valueOf(minorUnits, fractionDigits).toPlainString();
        String reference = payment.get(PaymentEvents.REFERENCE);
        return "Receipt for payment " + paymentId + ": " + amount + " " + currency
                + (reference == null ? "" : " for " + reference)
                + " via " + payment.getOrDefault(PaymentEvents.GATEWAY, "unknown gateway");
    }

    private static String required(Map<String, String> payload, String name) {
        String value = payload.get(name);
        if (value == null) {
            throw new IllegalArgumentException("SendReceipt command lacks '" + name + "'");
        }
        return value;
    }
}
