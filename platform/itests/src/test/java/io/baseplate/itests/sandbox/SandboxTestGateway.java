package io.baseplate.itests.sandbox;

import io.baseplate.api.payment.ChargeRequest;
import io.baseplate.api.payment.ChargeResult;
import io.baseplate.api.payment.PaymentGateway;
import io.baseplate.api.payment.SandboxTokens;

/**
 * The implementation class of the gateway plugins {@code HotDeployIT} builds with TinyBundles. Each
 * built bundle pairs it with a DS descriptor that registers it as a {@link PaymentGateway} and gives
 * it its id and currencies, so one class serves every version of the test plugin.
 */
public class SandboxTestGateway implements PaymentGateway {

    @Override
    public ChargeResult charge(ChargeRequest request) {
        return SandboxTokens.charge("sandbox-test", request);
    }
}
