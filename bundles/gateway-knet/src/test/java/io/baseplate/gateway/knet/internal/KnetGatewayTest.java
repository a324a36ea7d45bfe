package io.baseplate.gateway.knet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.baseplate.api.payment.AuthorizeRequest;
import io.baseplate.api.payment.GatewayContext;
import io.baseplate.api.payment.GatewayException;
import io.baseplate.api.payment.GatewayResult;
import io.baseplate.api.payment.Money;
import io.baseplate.api.payment.SandboxProcessor;

class KnetGatewayTest {

    private final KnetGateway gateway = new KnetGateway();
    private final AuthorizeRequest request = new AuthorizeRequest("p-1", "bp-t-1", new Money(1_234, "KWD"), "KW",
            SandboxProcessor.APPROVE, "order-1", true);

    @Test
    void sandboxCapturesKuwaitiDinarsInFils() throws GatewayException {
        GatewayResult result = gateway.authorize(new GatewayContext("acme", true, Map.of(), null), request);

        assertEquals(GatewayResult.Outcome.CAPTURED, result.outcome());
        assertEquals("1.234", request.amount().toDecimal().toPlainString());
        assertTrue(gateway.capabilities().serves("KWD", "KW"));
        assertFalse(gateway.capabilities().serves("KWD", "SA"));
    }

    @Test
    void liveModeIsRefused() {
        GatewayException refused = assertThrows(GatewayException.class,
                () -> gateway.authorize(new GatewayContext("acme", false, Map.of(), null), request));

        assertEquals(GatewayException.Kind.REJECTED, refused.kind());
        assertEquals("sandbox_only", refused.code());
    }
}
