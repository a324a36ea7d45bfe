package io.baseplate.gateway.mercadopago.internal;

import org.osgi.service.component.annotations.Component;

import io.baseplate.api.payment.ChargeRequest;
import io.baseplate.api.payment.ChargeResult;
import io.baseplate.api.payment.GatewayCurrencies;
import io.baseplate.api.payment.GatewayId;
import io.baseplate.api.payment.PaymentGateway;
import io.baseplate.api.payment.SandboxTokens;

/** Mercado Pago payments for Latin America (BRL, MXN, ARS and more). Sandbox mode only until the provider protocol lands. */
@Component
@GatewayId(MercadoPagoGateway.ID)
@GatewayCurrencies({"BRL", "MXN", "ARS", "CLP", "COP", "PEN", "UYU"})
public class MercadoPagoGateway implements PaymentGateway {

    static final String ID = "mercadopago";

    @Override
    public ChargeResult charge(ChargeRequest request) {
        return SandboxTokens.charge(ID, request);
    }
}
