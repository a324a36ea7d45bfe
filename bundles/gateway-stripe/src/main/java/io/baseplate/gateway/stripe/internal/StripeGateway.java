package io.baseplate.gateway.stripe.internal;

import org.osgi.service.component.annotations.Component;

import io.baseplate.api.payment.ChargeRequest;
import io.baseplate.api.payment.ChargeResult;
import io.baseplate.api.payment.GatewayCurrencies;
import io.baseplate.api.payment.GatewayId;
import io.baseplate.api.payment.PaymentGateway;
import io.baseplate.api.payment.SandboxTokens;

/** Stripe payments in USD, EUR, GBP and other major currencies. Sandbox mode only until the provider protocol lands. */
@Component
@GatewayId(StripeGateway.ID)
@GatewayCurrencies({"USD", "EUR", "GBP", "CAD", "AUD", "JPY", "SGD", "CHF"})
public class StripeGateway implements PaymentGateway {

    static final String ID = "stripe";

    @Override
    public ChargeResult charge(ChargeRequest request) {
        return SandboxTokens.charge(ID, request);
    }
}
