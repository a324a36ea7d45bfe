package io.baseplate.gateway.stripe.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.baseplate.api.payment.AuthorizeRequest;
import io.baseplate.api.payment.CaptureRequest;
import io.baseplate.api.payment.GatewayContext;
import io.baseplate.api.payment.GatewayException;
import io.baseplate.api.payment.Money;
import io.baseplate.api.payment.Operation;
import io.baseplate.api.payment.RefundRequest;
import io.baseplate.api.payment.SandboxProcessor;
import io.baseplate.api.payment.StatusRequest;
import io.baseplate.api.payment.VoidRequest;

class StripeSandboxTest {

    private static final Money AMOUNT = new Money(1000, "EUR");

    private final SandboxProcessor expected = new SandboxProcessor(StripeGateway.ID);
    private StripeStub stripe;
    private StripeGateway gateway;
    private GatewayContext sandbox;

    @BeforeEach
    void start() {
        stripe = new StripeStub();
        // Whatever Stripe would answer, sandbox mode must not ask it.
        stripe.failWithServerError();
        gateway = stripe.newGateway();
        sandbox = stripe.sandboxContext();
    }

    @AfterEach
    void stop() {
        assertEquals(0, stripe.server().getAllServeEvents().size(), "sandbox mode sent requests to Stripe");
        stripe.close();
    }

    private static AuthorizeRequest authorization(String paymentMethod, boolean capture) {
        return new AuthorizeRequest("pay-1", "key-1", AMOUNT, null, paymentMethod, null, capture);
    }

    @Test
    void everyOperationAnswersAsTheSandboxProcessor() throws Exception {
        for (boolean capture : new boolean[] {false, true}) {
            assertEquals(expected.authorize(authorization(SandboxProcessor.APPROVE, capture)),
                    gateway.authorize(sandbox, authorization(SandboxProcessor.APPROVE, capture)));
        }
        assertEquals(expected.authorize(authorization(SandboxProcessor.DECLINE, false)),
                gateway.authorize(sandbox, authorization(SandboxProcessor.DECLINE, false)));

        CaptureRequest capture = new CaptureRequest("pay-1", "key-2", "stripe_sandbox_key-1", new Money(600, "EUR"));
        assertEquals(expected.capture(capture), gateway.capture(sandbox, capture));
        VoidRequest voidRequest = new VoidRequest("pay-1", "key-3", "stripe_sandbox_key-1");
        assertEquals(expected.voidAuthorization(voidRequest), gateway.voidAuthorization(sandbox, voidRequest));
        RefundRequest refund = new RefundRequest("pay-1", "refund-1", "key-4", "stripe_sandbox_key-1", new Money(300, "EUR"));
        assertEquals(expected.refund(refund), gateway.refund(sandbox, refund));
        StatusRequest status = new StatusRequest(Operation.AUTHORIZE, "pay-1", "key-1", null, AMOUNT, SandboxProcessor.TIMEOUT, false);
        assertEquals(expected.status(status), gateway.status(sandbox, status));
    }

    @Test
    void sandboxFailuresHaveTheSandboxProcessorsKinds() {
        for (String paymentMethod : new String[] {SandboxProcessor.UNAVAILABLE, SandboxProcessor.TIMEOUT}) {
            GatewayException want = assertThrows(GatewayException.class,
                    () -> expected.authorize(authorization(paymentMethod, false)));
            GatewayException got = assertThrows(GatewayException.class,
                    () -> gateway.authorize(sandbox, authorization(paymentMethod, false)));
            assertEquals(want.kind(), got.kind());
            assertEquals(want.code(), got.code());
        }
    }
}
