package io.baseplate.payments.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.baseplate.api.command.Command;
import io.baseplate.api.command.CommandHandler;
import io.baseplate.api.command.CommandPolicy;
import io.baseplate.api.command.CommandType;
import io.baseplate.api.command.PermanentFailure;

/**
 * The janitor: a durable command, submitted in the transaction that records an unknown outcome, that asks
 * the provider what became of the payment's unknown operations. While the provider cannot say, the
 * attempt fails and the job engine asks again with backoff (from seconds to an hour, about two days in
 * all); a payment still unknown after that stays {@code UNKNOWN} with a dead job an operator can see.
 */
@Component
@CommandType(ResolvePaymentHandler.TYPE)
@CommandPolicy(maxAttempts = 40, baseDelayMillis = 5_000, maxDelayMillis = 3_600_000, timeoutSeconds = 120)
public class ResolvePaymentHandler implements CommandHandler {

    static final String TYPE = "payments.ResolveUnknownOutcome";
    static final String PAYMENT_ID = "paymentId";

    private final PaymentService payments;

    @Activate
    public ResolvePaymentHandler(@Reference PaymentService payments) {
        this.payments = payments;
    }

    @Override
    public String execute(Command command) throws Exception {
        String paymentId = command.payload().get(PAYMENT_ID);
        if (paymentId == null) {
            throw new PermanentFailure("No " + PAYMENT_ID + " in the command");
        }
        if (payments.resolve(command.tenantId(), paymentId)) {
            throw new IllegalStateException("The provider cannot yet say what became of payment " + paymentId);
        }
        return "resolved";
    }
}
