package io.baseplate.gateway.stripe.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.baseplate.api.payment.GatewayContext;
import io.baseplate.api.payment.GatewayResult;
import io.baseplate.api.payment.GatewayResult.Outcome;
import io.baseplate.api.payment.Operation;
import io.baseplate.api.payment.WebhookEvent;
import io.baseplate.api.payment.WebhookRejectedException;
import io.baseplate.api.payment.WebhookRequest;

class StripeWebhookTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    private StripeStub stripe;
    private StripeGateway gateway;
    private GatewayContext live;

    @BeforeEach
    void start() {
        stripe = new StripeStub();
        gateway = stripe.newGateway();
        live = stripe.liveContext();
    }

    @AfterEach
    void stop() {
        stripe.close();
    }

    private WebhookEvent verify(String body) throws WebhookRejectedException {
        return gateway.verifyWebhook(live, stripe.webhook(body, NOW));
    }

    private static WebhookRequest received(String body, String signature, Instant receivedAt) {
        Map<String, List<String>> headers = signature == null ? Map.of() : Map.of("stripe-signature", List.of(signature));
        return new WebhookRequest(headers, Map.of(), body.getBytes(StandardCharsets.UTF_8), receivedAt, Duration.ofMinutes(5));
    }

    @Test
    void aCaptureOfAManualIntentIsReportedWithThePaymentId() throws Exception {
        WebhookEvent event = verify(StripeStub.paymentIntentEvent("evt_1Captured", "payment_intent.succeeded",
                "pi_3Hook", "succeeded", "manual", "pay-1"));

        assertEquals(new WebhookEvent("evt_1Captured", "pay-1", Operation.CAPTURE,
                GatewayResult.of(Outcome.CAPTURED, "pi_3Hook")), event);
        assertEquals(0, stripe.server().getAllServeEvents().size());
    }

    @Test
    void anAutomaticCaptureIsTheAuthorizationsOutcome() throws Exception {
        WebhookEvent event = verify(StripeStub.paymentIntentEvent("evt_1Auto", "payment_intent.succeeded",
                "pi_3Hook", "succeeded", "automatic", "pay-1"));

        assertEquals(Operation.AUTHORIZE, event.operation());
        assertEquals(Outcome.CAPTURED, event.result().outcome());
    }

    @Test
    void authorizationFailureAndCancellationAreMapped() throws Exception {
        assertEquals(new WebhookEvent("evt_1Auth", "pay-1", Operation.AUTHORIZE, GatewayResult.of(Outcome.AUTHORIZED, "pi_3Hook")),
                verify(StripeStub.paymentIntentEvent("evt_1Auth", "payment_intent.amount_capturable_updated",
                        "pi_3Hook", "requires_capture", "manual", "pay-1")));

        WebhookEvent failed = verify(StripeStub.paymentIntentEvent("evt_1Failed", "payment_intent.payment_failed",
                "pi_3Hook", "requires_payment_method", "manual", "pay-1"));
        assertEquals(Operation.AUTHORIZE, failed.operation());
        assertEquals(Outcome.DECLINED, failed.result().outcome());
        assertEquals("insufficient_funds", failed.result().code());

        assertEquals(new WebhookEvent("evt_1Void", "pay-1", Operation.VOID, GatewayResult.of(Outcome.VOIDED, "pi_3Hook")),
                verify(StripeStub.paymentIntentEvent("evt_1Void", "payment_intent.canceled",
                        "pi_3Hook", "canceled", "manual", "pay-1")));
    }

    @Test
    void refundEventsCarryTheRefundsIdAndIgnoreAPendingRefund() throws Exception {
        assertEquals(new WebhookEvent("evt_1Ref", "pay-1", Operation.REFUND, GatewayResult.of(Outcome.REFUNDED, "re_3Hook")),
                verify(StripeStub.refundEvent("evt_1Ref", "refund.updated", "re_3Hook", "succeeded", "pay-1")));
        assertEquals(WebhookEvent.ignored("evt_1Pending"),
                verify(StripeStub.refundEvent("evt_1Pending", "refund.created", "re_3Hook", "pending", "pay-1")));
    }

    @Test
    void aRefundedChargeReportsThePaymentIntent() throws Exception {
        String charge = """
                {"id": "ch_3Hook", "object": "charge", "amount": 1000, "amount_refunded": 1000, "currency": "usd",
                 "metadata": {"baseplate_payment_id": "pay-1"}, "payment_intent": "pi_3Hook", "refunded": true,
                 "status": "succeeded"}""";

        assertEquals(new WebhookEvent("evt_1Charge", "pay-1", Operation.REFUND, GatewayResult.of(Outcome.REFUNDED, "pi_3Hook")),
                verify(StripeStub.event("evt_1Charge", "charge.refunded", charge)));
    }

    @Test
    void otherEventTypesAreIgnored() throws Exception {
        assertEquals(WebhookEvent.ignored("evt_1Customer"),
                verify(StripeStub.event("evt_1Customer", "customer.created", "{\"id\": \"cus_1\", \"object\": \"customer\"}")));
    }

    @Test
    void anyMatchingV1SignatureIsAccepted() throws Exception {
        String body = StripeStub.paymentIntentEvent("evt_1Roll", "payment_intent.canceled", "pi_3Hook", "canceled", "manual", "pay-1");
        // During a secret roll Stripe signs with the old and the new secret.
        String header = "t=" + NOW.getEpochSecond() + ",v1=" + "0".repeat(64) + ","
                + stripe.signature(body, NOW).substring(("t=" + NOW.getEpochSecond() + ",").length()) + ",v0=ignored";

        assertEquals("evt_1Roll", gateway.verifyWebhook(live, received(body, header, NOW)).eventId());
    }

    @Test
    void aTamperedBodyIsRejected() {
        String body = StripeStub.paymentIntentEvent("evt_1T", "payment_intent.succeeded", "pi_3Hook", "succeeded", "manual", "pay-1");
        String signature = stripe.signature(body, NOW);
        String tampered = body.replace("pay-1", "pay-2");

        WebhookRejectedException rejected = assertThrows(WebhookRejectedException.class,
                () -> gateway.verifyWebhook(live, received(tampered, signature, NOW)));
        assertFalse(rejected.getMessage().contains(signature.substring(signature.indexOf("v1=") + 3)));
    }

    @Test
    void aStaleTimestampIsRejected() {
        String body = StripeStub.paymentIntentEvent("evt_1Old", "payment_intent.succeeded", "pi_3Hook", "succeeded", "manual", "pay-1");
        Instant signedAt = NOW.minus(Duration.ofMinutes(6));

        WebhookRejectedException rejected = assertThrows(WebhookRejectedException.class,
                () -> gateway.verifyWebhook(live, received(body, stripe.signature(body, signedAt), NOW)));
        assertTrue(rejected.getMessage().contains("tolerance"), rejected.getMessage());
    }

    @Test
    void aMissingSignatureIsRejected() {
        String body = StripeStub.event("evt_1None", "payment_intent.succeeded", "{}");

        assertThrows(WebhookRejectedException.class, () -> gateway.verifyWebhook(live, received(body, null, NOW)));
        assertThrows(WebhookRejectedException.class, () -> gateway.verifyWebhook(live, received(body, "t=" + NOW.getEpochSecond(), NOW)));
    }

    @Test
    void noStoredSecretRejectsEveryWebhook() {
        String body = StripeStub.event("evt_1NoSecret", "payment_intent.succeeded", "{}");
        GatewayContext withoutSecret = new GatewayContext(StripeStub.TENANT, false, stripe.credentials(), null);

        assertThrows(WebhookRejectedException.class, () -> gateway.verifyWebhook(withoutSecret, stripe.webhook(body, NOW)));
    }

    @Test
    void aSignedBodyThatIsNotAnEventIsRejected() {
        WebhookRejectedException rejected = assertThrows(WebhookRejectedException.class,
                () -> verify("not json at all"));
        assertTrue(rejected.getMessage().contains("not JSON"), rejected.getMessage());
        assertThrows(WebhookRejectedException.class, () -> verify("{\"type\": \"payment_intent.succeeded\"}"));
    }
}
