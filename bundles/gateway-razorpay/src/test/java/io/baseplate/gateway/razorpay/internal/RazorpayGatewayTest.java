package io.baseplate.gateway.razorpay.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okForContentType;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.baseplate.api.payment.AuthorizeRequest;
import io.baseplate.api.payment.CaptureRequest;
import io.baseplate.api.payment.GatewayCapabilities;
import io.baseplate.api.payment.GatewayContext;
import io.baseplate.api.payment.GatewayException;
import io.baseplate.api.payment.GatewayException.Kind;
import io.baseplate.api.payment.GatewayResult;
import io.baseplate.api.payment.GatewayResult.Outcome;
import io.baseplate.api.payment.Money;
import io.baseplate.api.payment.Operation;
import io.baseplate.api.payment.PaymentGateway;
import io.baseplate.api.payment.RefundRequest;
import io.baseplate.api.payment.SandboxProcessor;
import io.baseplate.api.payment.StatusRequest;
import io.baseplate.api.payment.VoidRequest;
import io.baseplate.api.payment.WebhookEvent;
import io.baseplate.api.payment.WebhookRejectedException;
import io.baseplate.api.payment.WebhookRequest;
import io.baseplate.gateway.razorpay.RazorpayStub;

class RazorpayGatewayTest {

    private static final Money FIVE_HUNDRED_RUPEES = new Money(50_000, "INR");
    private static final String BASIC_AUTH = "Basic " + Base64.getEncoder().encodeToString(
            (RazorpayStub.KEY_ID + ":" + RazorpayStub.KEY_SECRET).getBytes(StandardCharsets.UTF_8));
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    private RazorpayStub razorpay;
    private PaymentGateway gateway;
    private GatewayContext tenant;

    @BeforeEach
    void startRazorpay() {
        razorpay = new RazorpayStub();
        gateway = razorpay.gateway();
        tenant = razorpay.context("tenant-1");
    }

    @AfterEach
    void stopRazorpay() {
        razorpay.close();
    }

    @Test
    void capabilitiesMatchWhatRazorpayAllows() {
        GatewayCapabilities capabilities = gateway.capabilities();

        assertEquals(Set.of("INR", "USD", "EUR", "GBP", "SGD", "AED"), capabilities.currencies());
        assertTrue(capabilities.countries().isEmpty(), "buyers may be anywhere");
        assertEquals(Set.of("card", "upi", "netbanking", "wallet"), capabilities.paymentMethodTypes());
        assertTrue(capabilities.separateCapture());
        assertFalse(capabilities.partialCapture(), "Razorpay captures the whole authorized amount only");
        assertTrue(capabilities.partialRefunds());
        assertTrue(capabilities.serves("INR", "US"));
    }

    @Test
    void authorizeWithCaptureVerifiesTheSignatureFetchesThePaymentAndCapturesIt() throws Exception {
        String token = razorpay.approveAuthorize(FIVE_HUNDRED_RUPEES);
        String paymentId = RazorpayStub.paymentIdOf(token);

        GatewayResult result = gateway.authorize(tenant, authorize(token, FIVE_HUNDRED_RUPEES, true));

        assertEquals(Outcome.CAPTURED, result.outcome());
        assertEquals(paymentId, result.providerReference());
        razorpay.server().verify(getRequestedFor(urlPathEqualTo("/v1/payments/" + paymentId))
                .withHeader("Authorization", equalTo(BASIC_AUTH)));
        razorpay.server().verify(1, postRequestedFor(urlPathEqualTo("/v1/payments/" + paymentId + "/capture"))
                .withHeader("Authorization", equalTo(BASIC_AUTH))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"amount\": 50000, \"currency\": \"INR\"}")));
    }

    @Test
    void authorizeWithoutCaptureLeavesThePaymentAuthorized() throws Exception {
        String token = razorpay.approveAuthorize(FIVE_HUNDRED_RUPEES);

        GatewayResult result = gateway.authorize(tenant, authorize(token, FIVE_HUNDRED_RUPEES, false));

        assertEquals(Outcome.AUTHORIZED, result.outcome());
        assertEquals(RazorpayStub.paymentIdOf(token), result.providerReference());
        assertEquals(0, razorpay.capturesMade());
    }

    @Test
    void aPaymentTheAccountCapturedAutomaticallyIsReportedCapturedWithoutASecondCapture() throws Exception {
        String token = razorpay.approveAuthorizeCaptured(FIVE_HUNDRED_RUPEES);

        GatewayResult result = gateway.authorize(tenant, authorize(token, FIVE_HUNDRED_RUPEES, true));

        assertEquals(Outcome.CAPTURED, result.outcome());
        assertEquals(0, razorpay.capturesMade());
    }

    @Test
    void aWrongSignatureIsDeclinedWithoutAskingRazorpay() throws Exception {
        String token = razorpay.approveAuthorize(FIVE_HUNDRED_RUPEES);
        String forged = token.substring(0, token.lastIndexOf('|') + 1) + "0".repeat(64);

        GatewayResult result = gateway.authorize(tenant, authorize(forged, FIVE_HUNDRED_RUPEES, true));

        assertEquals(Outcome.DECLINED, result.outcome());
        assertEquals("invalid_signature", result.code());
        assertEquals(0, razorpay.requestsReceived());
    }

    @Test
    void aTokenSignedForAnotherOrderIsDeclined() throws Exception {
        String token = razorpay.approveAuthorize(FIVE_HUNDRED_RUPEES);
        String otherOrder = RazorpayStub.checkoutToken("order_Other123", RazorpayStub.paymentIdOf(token));

        GatewayResult result = gateway.authorize(tenant, authorize(otherOrder, FIVE_HUNDRED_RUPEES, true));

        assertEquals(Outcome.DECLINED, result.outcome());
        assertEquals("order_mismatch", result.code());
        assertEquals(0, razorpay.capturesMade());
    }

    @Test
    void somethingOtherThanACheckoutResultIsDeclined() throws Exception {
        GatewayResult result = gateway.authorize(tenant, authorize("tok_visa", FIVE_HUNDRED_RUPEES, true));

        assertEquals(Outcome.DECLINED, result.outcome());
        assertEquals("invalid_token", result.code());
        assertNull(result.providerReference());
        assertEquals(0, razorpay.requestsReceived());
    }

    @Test
    void aPaymentForAnotherAmountIsDeclinedAndNotCaptured() throws Exception {
        String token = razorpay.approveAuthorize(new Money(100, "INR"));

        GatewayResult result = gateway.authorize(tenant, authorize(token, FIVE_HUNDRED_RUPEES, true));

        assertEquals(Outcome.DECLINED, result.outcome());
        assertEquals("amount_mismatch", result.code());
        assertEquals(0, razorpay.capturesMade());
    }

    @Test
    void aFailedPaymentIsADeclineWithRazorpaysReason() throws Exception {
        String token = razorpay.declineAuthorize(FIVE_HUNDRED_RUPEES, "card_declined",
                "The payment was declined by the bank");

        GatewayResult result = gateway.authorize(tenant, authorize(token, FIVE_HUNDRED_RUPEES, true));

        assertEquals(Outcome.DECLINED, result.outcome());
        assertEquals("card_declined", result.code());
        assertEquals("The payment was declined by the bank", result.message());
        assertEquals(RazorpayStub.paymentIdOf(token), result.providerReference());
        assertEquals(0, razorpay.capturesMade());
    }

    @Test
    void aServerErrorIsRetryableWithRazorpaysCode() {
        String token = razorpay.approveAuthorize(FIVE_HUNDRED_RUPEES);
        razorpay.failWithServerError();

        GatewayException failure = assertThrows(GatewayException.class,
                () -> gateway.authorize(tenant, authorize(token, FIVE_HUNDRED_RUPEES, true)));

        assertEquals(Kind.RETRYABLE, failure.kind());
        assertEquals("SERVER_ERROR", failure.code());
    }

    @Test
    void rateLimitingIsRetryable() {
        String token = razorpay.approveAuthorize(FIVE_HUNDRED_RUPEES);
        razorpay.failWithRateLimit();

        GatewayException failure = assertThrows(GatewayException.class,
                () -> gateway.authorize(tenant, authorize(token, FIVE_HUNDRED_RUPEES, true)));

        assertEquals(Kind.RETRYABLE, failure.kind());
        assertTrue(failure.getMessage().contains("429"), failure.getMessage());
    }

    @Test
    void badCredentialsAreRejectedWithoutShowingTheSecret() {
        String token = razorpay.approveAuthorize(FIVE_HUNDRED_RUPEES);
        razorpay.failWithBadCredentials();

        GatewayException failure = assertThrows(GatewayException.class,
                () -> gateway.authorize(tenant, authorize(token, FIVE_HUNDRED_RUPEES, true)));

        assertEquals(Kind.REJECTED, failure.kind());
        assertEquals("BAD_REQUEST_ERROR", failure.code());
        assertFalse(failure.getMessage().contains(RazorpayStub.KEY_SECRET));
    }

    @Test
    void aMissingCredentialIsRejectedBeforeAnyRequest() {
        GatewayContext withoutSecret = new GatewayContext("tenant-1", false, Map.of("keyId", RazorpayStub.KEY_ID), null);

        GatewayException failure = assertThrows(GatewayException.class, () -> gateway.authorize(withoutSecret,
                authorize(razorpay.approveAuthorize(FIVE_HUNDRED_RUPEES), FIVE_HUNDRED_RUPEES, true)));

        assertEquals(Kind.REJECTED, failure.kind());
        assertEquals("missing_credential", failure.code());
        assertEquals(0, razorpay.requestsReceived());
    }

    @Test
    void anUnreachableRazorpayIsRetryable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        PaymentGateway unreachable = new RazorpayGateway(URI.create("http://127.0.0.1:" + closedPort),
                Duration.ofSeconds(1), Duration.ofSeconds(1));
        String token = RazorpayStub.checkoutToken("order_A1", "pay_A1");

        GatewayException failure = assertThrows(GatewayException.class,
                () -> unreachable.authorize(tenant, authorize(token, FIVE_HUNDRED_RUPEES, true)));

        assertEquals(Kind.RETRYABLE, failure.kind());
    }

    @Test
    void anUnparseableSuccessIsAnUnknownOutcome() {
        razorpay.server().stubFor(get(urlPathEqualTo("/v1/payments/pay_A1"))
                .willReturn(okForContentType("text/html", "<html>ok</html>")));

        GatewayException failure = assertThrows(GatewayException.class, () -> gateway.authorize(tenant,
                authorize(RazorpayStub.checkoutToken("order_A1", "pay_A1"), FIVE_HUNDRED_RUPEES, true)));

        assertEquals(Kind.OUTCOME_UNKNOWN, failure.kind());
    }

    @Test
    void aReadTimeoutIsAnUnknownOutcomeThatStatusResolvesByFinishingTheAuthorization() throws Exception {
        String token = razorpay.timeOutAuthorize(FIVE_HUNDRED_RUPEES);

        GatewayException failure = assertThrows(GatewayException.class,
                () -> gateway.authorize(tenant, authorize(token, FIVE_HUNDRED_RUPEES, true)));
        assertEquals(Kind.OUTCOME_UNKNOWN, failure.kind());
        assertEquals(0, razorpay.capturesMade());

        GatewayResult resolved = gateway.status(tenant, new StatusRequest(Operation.AUTHORIZE, "pay-1", "attempt-key-0001",
                null, FIVE_HUNDRED_RUPEES, token, true));

        assertEquals(Outcome.CAPTURED, resolved.outcome());
        assertEquals(RazorpayStub.paymentIdOf(token), resolved.providerReference());
        assertEquals(1, razorpay.capturesMade());
    }

    @Test
    void aCaptureThatTookEffectButNeverAnsweredIsFoundCapturedAndNotCapturedTwice() throws Exception {
        String token = razorpay.timeOutCapture(FIVE_HUNDRED_RUPEES);

        GatewayException failure = assertThrows(GatewayException.class,
                () -> gateway.authorize(tenant, authorize(token, FIVE_HUNDRED_RUPEES, true)));
        assertEquals(Kind.OUTCOME_UNKNOWN, failure.kind());

        GatewayResult resolved = gateway.status(tenant, new StatusRequest(Operation.AUTHORIZE, "pay-1", "attempt-key-0001",
                null, FIVE_HUNDRED_RUPEES, token, true));

        assertEquals(Outcome.CAPTURED, resolved.outcome());
        assertEquals(1, razorpay.capturesMade());
    }

    @Test
    void aCaptureStepThatFailsWithoutRazorpayActingMakesTheAuthorizationUnknownNotRetryable() {
        String token = razorpay.approveAuthorize(FIVE_HUNDRED_RUPEES);
        razorpay.server().stubFor(post(urlPathEqualTo("/v1/payments/" + RazorpayStub.paymentIdOf(token) + "/capture")).atPriority(1)
                .willReturn(aResponse().withStatus(503)));

        GatewayException failure = assertThrows(GatewayException.class,
                () -> gateway.authorize(tenant, authorize(token, FIVE_HUNDRED_RUPEES, true)));

        assertEquals(Kind.OUTCOME_UNKNOWN, failure.kind(), "the buyer's money is reserved: no other gateway may be tried");
        assertEquals("503", failure.code());
    }

    @Test
    void captureTakesTheFullAuthorizedAmount() throws Exception {
        String token = razorpay.approveAuthorize(FIVE_HUNDRED_RUPEES);
        String paymentId = RazorpayStub.paymentIdOf(token);

        GatewayResult result = gateway.capture(tenant, new CaptureRequest("pay-1", "capture-key-01", paymentId,
                FIVE_HUNDRED_RUPEES));

        assertEquals(Outcome.CAPTURED, result.outcome());
        assertEquals(paymentId, result.providerReference());
        razorpay.server().verify(postRequestedFor(urlPathEqualTo("/v1/payments/" + paymentId + "/capture"))
                .withHeader("Authorization", equalTo(BASIC_AUTH))
                .withRequestBody(equalToJson("{\"amount\": 50000, \"currency\": \"INR\"}")));
    }

    @Test
    void aPartialCaptureIsRejectedByRazorpay() {
        String paymentId = RazorpayStub.paymentIdOf(razorpay.approveAuthorize(FIVE_HUNDRED_RUPEES));

        GatewayException failure = assertThrows(GatewayException.class, () -> gateway.capture(tenant,
                new CaptureRequest("pay-1", "capture-key-01", paymentId, new Money(20_000, "INR"))));

        assertEquals(Kind.REJECTED, failure.kind());
        assertEquals("BAD_REQUEST_ERROR", failure.code());
    }

    @Test
    void statusOfACaptureThatNeverReachedRazorpaySendsItAgain() throws Exception {
        String paymentId = RazorpayStub.paymentIdOf(razorpay.approveAuthorize(FIVE_HUNDRED_RUPEES));

        GatewayResult resolved = gateway.status(tenant, new StatusRequest(Operation.CAPTURE, "pay-1", "capture-key-01",
                paymentId, FIVE_HUNDRED_RUPEES, null, false));

        assertEquals(Outcome.CAPTURED, resolved.outcome());
        assertEquals(1, razorpay.capturesMade());
    }

    @Test
    void voidIsNotSupportedAndAsksNothing() {
        GatewayException failure = assertThrows(GatewayException.class,
                () -> gateway.voidAuthorization(tenant, new VoidRequest("pay-1", "void-key-0001", "pay_A1")));

        assertEquals(Kind.REJECTED, failure.kind());
        assertEquals(RazorpayGateway.VOID_NOT_SUPPORTED, failure.code());
        assertEquals(0, razorpay.requestsReceived());
    }

    @Test
    void refundSendsTheAmountNotesAndIdempotencyKey() throws Exception {
        String refundId = razorpay.approveRefund("pay_A1", "refund-key-0001", FIVE_HUNDRED_RUPEES);

        GatewayResult result = gateway.refund(tenant, new RefundRequest("pay-1", "refund-1", "refund-key-0001", "pay_A1",
                FIVE_HUNDRED_RUPEES));

        assertEquals(Outcome.REFUNDED, result.outcome());
        assertEquals(refundId, result.providerReference());
        razorpay.server().verify(postRequestedFor(urlPathEqualTo("/v1/payments/pay_A1/refund"))
                .withHeader("Authorization", equalTo(BASIC_AUTH))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("X-Refund-Idempotency", equalTo("refund-key-0001"))
                .withRequestBody(equalToJson(
                        "{\"amount\": 50000, \"speed\": \"normal\", \"notes\": {\"baseplate_payment_id\": \"pay-1\"}}")));
    }

    @Test
    void twoPartialRefundsAreTwoRefunds() throws Exception {
        Money part = new Money(20_000, "INR");
        String first = razorpay.approveRefund("pay_A1", "refund-key-0001", part);
        String second = razorpay.approveRefund("pay_A1", "refund-key-0002", part);

        GatewayResult one = gateway.refund(tenant, new RefundRequest("pay-1", "refund-1", "refund-key-0001", "pay_A1", part));
        GatewayResult two = gateway.refund(tenant, new RefundRequest("pay-1", "refund-2", "refund-key-0002", "pay_A1", part));

        assertEquals(first, one.providerReference());
        assertEquals(second, two.providerReference());
        assertNotEquals(one.providerReference(), two.providerReference());
        assertEquals(2, razorpay.refundsRequested());
        razorpay.server().verify(2, postRequestedFor(urlPathEqualTo("/v1/payments/pay_A1/refund"))
                .withRequestBody(equalToJson("{\"amount\": 20000}", true, true)));
    }

    @Test
    void aRepeatedRefundSendsTheSameIdempotencyKeyAndGetsTheSameRefund() throws Exception {
        String refundId = razorpay.approveRefund("pay_A1", "refund-key-0001", FIVE_HUNDRED_RUPEES);
        RefundRequest request = new RefundRequest("pay-1", "refund-1", "refund-key-0001", "pay_A1", FIVE_HUNDRED_RUPEES);

        GatewayResult first = gateway.refund(tenant, request);
        GatewayResult repeat = gateway.refund(tenant, request);

        assertEquals(refundId, first.providerReference());
        assertEquals(refundId, repeat.providerReference());
        razorpay.server().verify(2, postRequestedFor(urlPathEqualTo("/v1/payments/pay_A1/refund"))
                .withHeader("X-Refund-Idempotency", equalTo("refund-key-0001")));
    }

    @Test
    void aKeyRazorpayWouldRefuseIsSentAsAStableDigest() {
        String derived = RazorpayGateway.refundIdempotencyKey("pay-1:refund:1");

        assertTrue(derived.matches("[0-9a-f]{32}"), derived);
        assertEquals(derived, RazorpayGateway.refundIdempotencyKey("pay-1:refund:1"));
        assertNotEquals(derived, RazorpayGateway.refundIdempotencyKey("pay-1:refund:2"));
        assertEquals("550e8400-e29b-41d4-a716-446655440000",
                RazorpayGateway.refundIdempotencyKey("550e8400-e29b-41d4-a716-446655440000"));
    }

    @Test
    void aPendingRefundIsProcessing() throws Exception {
        razorpay.pendRefund("pay_A1", "refund-key-0001", FIVE_HUNDRED_RUPEES);

        GatewayResult result = gateway.refund(tenant, new RefundRequest("pay-1", "refund-1", "refund-key-0001", "pay_A1",
                FIVE_HUNDRED_RUPEES));

        assertEquals(Outcome.PROCESSING, result.outcome());
    }

    @Test
    void aRefundThatNeverAnsweredIsResolvedBySendingItAgainWithTheSameKey() throws Exception {
        String token = RazorpayStub.checkoutToken("order_A1", "pay_A1");
        String refundId = razorpay.timeOutRefund("pay_A1", "refund-key-0001", FIVE_HUNDRED_RUPEES);

        GatewayException failure = assertThrows(GatewayException.class, () -> gateway.refund(tenant,
                new RefundRequest("pay-1", "refund-1", "refund-key-0001", "pay_A1", FIVE_HUNDRED_RUPEES)));
        assertEquals(Kind.OUTCOME_UNKNOWN, failure.kind());

        GatewayResult resolved = gateway.status(tenant, new StatusRequest(Operation.REFUND, "pay-1", "refund-key-0001",
                null, FIVE_HUNDRED_RUPEES, token, true));

        assertEquals(Outcome.REFUNDED, resolved.outcome());
        assertEquals(refundId, resolved.providerReference());
        razorpay.server().verify(2, postRequestedFor(urlPathEqualTo("/v1/payments/pay_A1/refund"))
                .withHeader("X-Refund-Idempotency", equalTo("refund-key-0001"))
                .withRequestBody(equalToJson(
                        "{\"amount\": 50000, \"speed\": \"normal\", \"notes\": {\"baseplate_payment_id\": \"pay-1\"}}")));
    }

    @Test
    void aRefundStillInProgressUnderTheSameKeyIsAnUnknownOutcome() {
        razorpay.server().stubFor(post(urlPathEqualTo("/v1/payments/pay_A1/refund")).willReturn(aResponse()
                .withStatus(409).withHeader("Content-Type", "application/json")
                .withBody("{\"error\": {\"code\": \"BAD_REQUEST_ERROR\", \"description\": \"Request in progress\","
                        + " \"source\": \"NA\", \"step\": \"NA\", \"reason\": \"NA\", \"metadata\": {}}}")));

        GatewayException failure = assertThrows(GatewayException.class, () -> gateway.status(tenant, new StatusRequest(
                Operation.REFUND, "pay-1", "refund-key-0001", null, FIVE_HUNDRED_RUPEES,
                RazorpayStub.checkoutToken("order_A1", "pay_A1"), true)));

        assertEquals(Kind.OUTCOME_UNKNOWN, failure.kind());
    }

    @Test
    void statusOfAKnownRefundFetchesIt() throws Exception {
        razorpay.resolveRefundStatusAs("rfnd_A1", "pay_A1", FIVE_HUNDRED_RUPEES, "failed");

        GatewayResult result = gateway.status(tenant, new StatusRequest(Operation.REFUND, "pay-1", "refund-key-0001",
                "rfnd_A1", FIVE_HUNDRED_RUPEES, null, true));

        assertEquals(Outcome.DECLINED, result.outcome());
        assertEquals("refund_failed", result.code());
        assertEquals("rfnd_A1", result.providerReference());
        assertEquals(0, razorpay.refundsRequested());
    }

    @Test
    void aCapturedPaymentWebhookNamesThePlatformPayment() throws Exception {
        String body = RazorpayStub.paymentEvent("payment.captured", "pay_A1", FIVE_HUNDRED_RUPEES, "pay-1", NOW);

        WebhookEvent event = gateway.verifyWebhook(tenant, RazorpayStub.webhook(body, "evt_1", NOW.plusSeconds(5)));

        assertEquals("evt_1", event.eventId());
        assertEquals("pay-1", event.paymentId());
        assertEquals(Operation.CAPTURE, event.operation());
        assertEquals(Outcome.CAPTURED, event.result().outcome());
        assertEquals("pay_A1", event.result().providerReference());
    }

    @Test
    void anAuthorizedPaymentWebhookWithoutTheNoteHasNoPlatformPayment() throws Exception {
        String body = RazorpayStub.paymentEvent("payment.authorized", "pay_A1", FIVE_HUNDRED_RUPEES, null, NOW);

        WebhookEvent event = gateway.verifyWebhook(tenant, RazorpayStub.webhook(body, "evt_2", NOW));

        assertNull(event.paymentId());
        assertEquals(Operation.AUTHORIZE, event.operation());
        assertEquals(Outcome.AUTHORIZED, event.result().outcome());
        assertEquals("pay_A1", event.result().providerReference());
    }

    @Test
    void aFailedPaymentWebhookIsADecline() throws Exception {
        String body = RazorpayStub.paymentEvent("payment.failed", "pay_A1", FIVE_HUNDRED_RUPEES, "pay-1", NOW);

        WebhookEvent event = gateway.verifyWebhook(tenant, RazorpayStub.webhook(body, "evt_3", NOW));

        assertEquals(Operation.AUTHORIZE, event.operation());
        assertEquals(Outcome.DECLINED, event.result().outcome());
        assertEquals("payment_failed", event.result().code());
    }

    @Test
    void aProcessedRefundWebhookReportsTheRefund() throws Exception {
        String body = RazorpayStub.refundEvent("refund.processed", "rfnd_A1", "pay_A1", FIVE_HUNDRED_RUPEES, "pay-1", NOW);

        WebhookEvent event = gateway.verifyWebhook(tenant, RazorpayStub.webhook(body, "evt_4", NOW));

        assertEquals("pay-1", event.paymentId());
        assertEquals(Operation.REFUND, event.operation());
        assertEquals(Outcome.REFUNDED, event.result().outcome());
        assertEquals("rfnd_A1", event.result().providerReference());
    }

    @Test
    void anUnmappedEventIsIgnored() throws Exception {
        String body = RazorpayStub.refundEvent("refund.created", "rfnd_A1", "pay_A1", FIVE_HUNDRED_RUPEES, "pay-1", NOW);

        WebhookEvent event = gateway.verifyWebhook(tenant, RazorpayStub.webhook(body, "evt_5", NOW));

        assertEquals(WebhookEvent.ignored("evt_5"), event);
    }

    @Test
    void aTamperedBodyIsRejected() {
        String body = RazorpayStub.paymentEvent("payment.captured", "pay_A1", FIVE_HUNDRED_RUPEES, "pay-1", NOW);
        WebhookRequest signed = RazorpayStub.webhook(body, "evt_1", NOW);
        WebhookRequest tampered = new WebhookRequest(signed.headers(), Map.of(),
                body.replace("50000", "5000000").getBytes(StandardCharsets.UTF_8), NOW, Duration.ofMinutes(5));

        assertThrows(WebhookRejectedException.class, () -> gateway.verifyWebhook(tenant, tampered));
    }

    @Test
    void aWebhookWithoutSignatureIsRejected() {
        byte[] body = RazorpayStub.paymentEvent("payment.captured", "pay_A1", FIVE_HUNDRED_RUPEES, "pay-1", NOW)
                .getBytes(StandardCharsets.UTF_8);
        WebhookRequest unsigned = new WebhookRequest(Map.of("X-Razorpay-Event-Id", List.of("evt_1")), Map.of(), body,
                NOW, Duration.ofMinutes(5));

        WebhookRejectedException rejection = assertThrows(WebhookRejectedException.class,
                () -> gateway.verifyWebhook(tenant, unsigned));
        assertTrue(rejection.getMessage().contains("X-Razorpay-Signature"), rejection.getMessage());
    }

    @Test
    void aStaleEventIsRejectedThoughItsSignatureIsGood() {
        String body = RazorpayStub.paymentEvent("payment.captured", "pay_A1", FIVE_HUNDRED_RUPEES, "pay-1",
                NOW.minus(Duration.ofMinutes(6)));

        WebhookRejectedException rejection = assertThrows(WebhookRejectedException.class,
                () -> gateway.verifyWebhook(tenant, RazorpayStub.webhook(body, "evt_1", NOW)));
        assertTrue(rejection.getMessage().contains("tolerance"), rejection.getMessage());
    }

    @Test
    void aWebhookIsRejectedWhenTheTenantStoredNoSecret() {
        String body = RazorpayStub.paymentEvent("payment.captured", "pay_A1", FIVE_HUNDRED_RUPEES, "pay-1", NOW);
        GatewayContext noSecret = new GatewayContext("tenant-1", false, razorpay.credentials(), null);

        assertThrows(WebhookRejectedException.class,
                () -> gateway.verifyWebhook(noSecret, RazorpayStub.webhook(body, "evt_1", NOW)));
    }

    @Test
    void aSignedBodyThatIsNotAnEventIsRejectedClearly() {
        WebhookRejectedException rejection = assertThrows(WebhookRejectedException.class,
                () -> gateway.verifyWebhook(tenant, RazorpayStub.webhook("not json", "evt_1", NOW)));
        assertTrue(rejection.getMessage().contains("not a Razorpay event"), rejection.getMessage());
    }

    @Test
    void sandboxModeAsksRazorpayNothingAndAnswersAsTheSandboxProcessor() throws Exception {
        GatewayContext sandboxTenant = new GatewayContext("tenant-1", true, Map.of(), null);
        SandboxProcessor expected = new SandboxProcessor(RazorpayGateway.ID);

        for (String method : List.of(SandboxProcessor.APPROVE, SandboxProcessor.DECLINE, "anything")) {
            AuthorizeRequest request = new AuthorizeRequest("pay-1", "key-" + method, FIVE_HUNDRED_RUPEES, "IN", method,
                    null, true);
            assertEquals(expected.authorize(request), gateway.authorize(sandboxTenant, request));
        }
        for (String method : List.of(SandboxProcessor.UNAVAILABLE, SandboxProcessor.TIMEOUT)) {
            AuthorizeRequest request = new AuthorizeRequest("pay-1", "key-1", FIVE_HUNDRED_RUPEES, "IN", method, null, true);
            GatewayException expectedFailure = assertThrows(GatewayException.class, () -> expected.authorize(request));
            GatewayException failure = assertThrows(GatewayException.class, () -> gateway.authorize(sandboxTenant, request));
            assertEquals(expectedFailure.kind(), failure.kind());
        }
        CaptureRequest capture = new CaptureRequest("pay-1", "key-2", "razorpay_sandbox_key-1", FIVE_HUNDRED_RUPEES);
        assertEquals(expected.capture(capture), gateway.capture(sandboxTenant, capture));
        VoidRequest voidRequest = new VoidRequest("pay-1", "key-3", "razorpay_sandbox_key-1");
        assertEquals(expected.voidAuthorization(voidRequest), gateway.voidAuthorization(sandboxTenant, voidRequest));
        RefundRequest refund = new RefundRequest("pay-1", "refund-1", "key-4", "razorpay_sandbox_key-1", FIVE_HUNDRED_RUPEES);
        assertEquals(expected.refund(refund), gateway.refund(sandboxTenant, refund));
        StatusRequest status = new StatusRequest(Operation.AUTHORIZE, "pay-1", "key-1", null, FIVE_HUNDRED_RUPEES,
                SandboxProcessor.TIMEOUT, true);
        assertEquals(expected.status(status), gateway.status(sandboxTenant, status));

        assertEquals(0, razorpay.requestsReceived());
    }

    private static AuthorizeRequest authorize(String token, Money amount, boolean capture) {
        return new AuthorizeRequest("pay-1", "attempt-key-0001", amount, "IN", token, "order-42", capture);
    }
}
