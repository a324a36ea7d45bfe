package io.baseplate.payments.internal;

import java.util.Map;

/** Every test of {@link PaymentServiceTest} with the tenant's gateways in live mode, where each call is stored first. */
class LivePaymentServiceTest extends PaymentServiceTest {

    @Override
    void enable(PaymentsTestBed testBed, String tenantId, String... gatewayIds) {
        for (String gatewayId : gatewayIds) {
            testBed.enableLive(tenantId, gatewayId, Map.of("secretKey", "sk_test_" + gatewayId), "whsec_" + gatewayId);
        }
    }

    @Override
    boolean live() {
        return true;
    }
}
