package io.baseplate.gateway.razorpay.internal;

import org.osgi.service.component.annotations.Component;

import io.baseplate.api.payment.ChargeRequest;
import io.baseplate.api.payment.ChargeResult;
import io.baseplate.api.payment.GatewayCurrencies;
import io.baseplate.api.payment.GatewayId;
import io.baseplate.api.payment.PaymentGateway;
import io.baseplate.api.payment.SandboxTokens;

/** Razorpay payments for India (INR). Sandbox mode only until the provider protocol lands. */
@Component
@GatewayId(RazorpayGateway.ID)
@GatewayCurrencies({"INR"})
public class RazorpayGateway implements PaymentGateway {

    static final String ID = "razorpay";

    @Override
    public ChargeResult charge(ChargeRequest request) {
        return SandboxTokens.charge(ID, request);
    }
}
