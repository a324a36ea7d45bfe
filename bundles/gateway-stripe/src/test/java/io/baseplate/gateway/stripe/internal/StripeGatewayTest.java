package io.baseplate.gateway.stripe.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

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
import io.baseplate.api.payment.RefundRequest;
import io.baseplate.api.payment.StatusRequest;
import io.baseplate.api.payment.VoidRequest;

class StripeGatewayTest {

    private static final Money TEN_DOLLARS = new Money(1000, "USD");

    private StripeStub stripe;
    private StripeGateway gateway;
    private GatewayContext live;

    @BeforeEach
    void start() {
        stripe = new StripeStub();
        gateway = stripe.newGateway(Duration.ofMillis(500));
        live = stripe.liveContext();
    }

    @AfterEach
    void stop() {
        stripe.close();
    }

    private static AuthorizeRequest authorization(Money amount, boolean capture) {
        return new AuthorizeRequest("pay-1", "key-auth-1", amount, "US", "pm_card_visa", "order-42", capture);
    }

    @Test
    void capabilitiesMatchTheCurrenciesServiceProperty() throws IOException {
        GatewayCapabilities capabilities = gateway.capabilities();
        assertEquals(Set.of("USD", "EUR", "GBP", "CAD", "AUD", "JPY", "SGD", "CHF"), capabilities.currencies());
        assertTrue(capabilities.countries().isEmpty());
        assertEquals(Set.of("card"), capabilities.paymentMethodTypes());
        assertTrue(capabilities.separateCapture());
        assertTrue(capabilities.partialCapture());
        assertTrue(capabilities.partialRefunds());

        // bnd writes @GatewayCurrencies into the component description before the tests run.
        try (InputStream xml = getClass().getClassLoader()
                .getResourceAsStream("OSGI-INF/" + StripeGateway.class.getName() + ".xml")) {
            String description = new String(xml.readAllBytes(), StandardCharsets.UTF_8);
            Matcher currencies = Pattern.compile("name=\"baseplate.gateway.currencies\" type=\"String\">([^<]*)<")
                    .matcher(description);
            assertTrue(currencies.find(), description);
            assertEquals(new TreeSet<>(capabilities.currencies()),
                    new TreeSet<>(Arrays.asList(currencies.group(1).trim().split("\\s+"))));
        }
    }

    @Test
    void authorizeSendsTheDocumentedPaymentIntentCreate() throws Exception {
        stripe.approveAuthorize("pi_3Auth");

        GatewayResult result = gateway.authorize(live, authorization(TEN_DOLLARS, false));

        assertEquals(GatewayResult.of(Outcome.AUTHORIZED, "pi_3Auth"), result);
        stripe.server().verify(1, postRequestedFor(urlEqualTo("/v1/payment_intents"))
                .withHeader("Authorization", equalTo("Bearer " + StripeStub.SECRET_KEY))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withHeader("Idempotency-Key", equalTo("key-auth-1"))
                .withHeader("Stripe-Version", equalTo(StripeGateway.API_VERSION))
                .withFormParam("amount", equalTo("1000"))
                .withFormParam("currency", equalTo("usd"))
                .withFormParam("payment_method", equalTo("pm_card_visa"))
                .withFormParam("confirm", equalTo("true"))
                .withFormParam("capture_method", equalTo("manual"))
                .withFormParam("metadata[baseplate_payment_id]", equalTo("pay-1"))
                .withFormParam("metadata[baseplate_idempotency_key]", equalTo("key-auth-1"))
                .withFormParam("description", equalTo("order-42"))
                .withFormParam("metadata[reference]", equalTo("order-42")));
    }

    @Test
    void authorizeWithCaptureTakesTheMoneyAndSendsYenInWholeUnits() throws Exception {
        stripe.approveAuthorize("pi_3Yen");

        GatewayResult result = gateway.authorize(live, new AuthorizeRequest("pay-2", "key-yen", new Money(500, "JPY"),
                null, "pm_card_visa", null, true));

        assertEquals(GatewayResult.of(Outcome.CAPTURED, "pi_3Yen"), result);
        stripe.server().verify(postRequestedFor(urlEqualTo("/v1/payment_intents"))
                .withFormParam("amount", equalTo("500"))
                .withFormParam("currency", equalTo("jpy"))
                .withFormParam("capture_method", equalTo("automatic"))
                .withFormParam("description", absent()));
    }

    @Test
    void aCardErrorIsADeclineWithTheIssuersReason() throws Exception {
        stripe.declineAuthorize("pi_3Declined", "insufficient_funds");

        GatewayResult result = gateway.authorize(live, authorization(TEN_DOLLARS, false));

        assertEquals(Outcome.DECLINED, result.outcome());
        assertEquals("pi_3Declined", result.providerReference());
        assertEquals("insufficient_funds", result.code());
        assertEquals("Your card was declined.", result.message());
    }

    @Test
    void aDeclineWithoutAnIssuerCodeKeepsStripesCode() throws Exception {
        stripe.server().stubFor(post(urlEqualTo("/v1/payment_intents")).willReturn(aResponse().withStatus(402)
                .withBody("{\"error\":{\"code\":\"expired_card\",\"message\":\"Your card has expired.\",\"type\":\"card_error\"}}")));

        GatewayResult result = gateway.authorize(live, authorization(TEN_DOLLARS, false));

        assertEquals(GatewayResult.declined(null, "expired_card", "Your card has expired."), result);
    }

    @Test
    void serverErrorsAreRetryable() {
        stripe.failWithServerError();

        GatewayException failure = assertThrows(GatewayException.class,
                () -> gateway.authorize(live, authorization(TEN_DOLLARS, false)));

        assertEquals(Kind.RETRYABLE, failure.kind());
        assertEquals("500", failure.code());
    }

    @Test
    void rateLimitingIsRetryableWithStripesCode() {
        stripe.rateLimit();

        GatewayException failure = assertThrows(GatewayException.class,
                () -> gateway.authorize(live, authorization(TEN_DOLLARS, false)));

        assertEquals(Kind.RETRYABLE, failure.kind());
        assertEquals("rate_limit", failure.code());
    }

    @Test
    void invalidParametersAreRejectedWithStripesCode() {
        stripe.server().stubFor(post(urlEqualTo("/v1/payment_intents")).willReturn(aResponse().withStatus(400).withBody("""
                {"error": {"code": "resource_missing", "doc_url": "https://stripe.com/docs/error-codes/resource-missing",
                 "message": "No such PaymentMethod: 'pm_gone'", "param": "payment_method", "type": "invalid_request_error"}}""")));

        GatewayException failure = assertThrows(GatewayException.class,
                () -> gateway.authorize(live, authorization(TEN_DOLLARS, false)));

        assertEquals(Kind.REJECTED, failure.kind());
        assertEquals("resource_missing", failure.code());
        assertTrue(failure.getMessage().contains("No such PaymentMethod"), failure.getMessage());
    }

    @Test
    void aRefusedKeyIsRejectedWithoutRepeatingIt() {
        stripe.server().stubFor(post(urlEqualTo("/v1/payment_intents")).willReturn(aResponse().withStatus(401).withBody("""
                {"error": {"message": "Invalid API Key provided: sk_test_********************ests", "type": "invalid_request_error"}}""")));

        GatewayException failure = assertThrows(GatewayException.class,
                () -> gateway.authorize(live, authorization(TEN_DOLLARS, false)));

        assertEquals(Kind.REJECTED, failure.kind());
        assertEquals("401", failure.code());
        assertFalse(failure.getMessage().contains("sk_test"), failure.getMessage());
    }

    @Test
    void anotherRequestWithTheSameKeyStillRunningLeavesTheOutcomeUnknown() {
        stripe.server().stubFor(post(urlEqualTo("/v1/payment_intents")).willReturn(aResponse().withStatus(409).withBody("""
                {"error": {"code": "idempotency_key_in_use", "message": "There is currently another in-progress request using this Idempotent Key.", "type": "idempotency_error"}}""")));

        GatewayException failure = assertThrows(GatewayException.class,
                () -> gateway.authorize(live, authorization(TEN_DOLLARS, false)));

        assertEquals(Kind.OUTCOME_UNKNOWN, failure.kind());
        assertEquals("idempotency_key_in_use", failure.code());
    }

    @Test
    void anUnreadableSuccessLeavesTheOutcomeUnknown() {
        stripe.server().stubFor(post(urlEqualTo("/v1/payment_intents")).willReturn(aResponse().withStatus(200)
                .withBody("<html>proxy</html>")));

        GatewayException failure = assertThrows(GatewayException.class,
                () -> gateway.authorize(live, authorization(TEN_DOLLARS, false)));

        assertEquals(Kind.OUTCOME_UNKNOWN, failure.kind());
    }

    @Test
    void aRefusedConnectionIsRetryable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        StripeGateway unreachable = new StripeGateway(URI.create("http://127.0.0.1:" + closedPort),
                Duration.ofMillis(500), Duration.ofMillis(500));

        GatewayException failure = assertThrows(GatewayException.class,
                () -> unreachable.authorize(live, authorization(TEN_DOLLARS, false)));

        assertEquals(Kind.RETRYABLE, failure.kind());
    }

    @Test
    void aReadTimeoutIsUnknownAndStatusResolvesItByResendingWithTheSameKey() throws Exception {
        stripe.timeOutAuthorize("pi_3Slow", Duration.ofSeconds(2));
        AuthorizeRequest request = new AuthorizeRequest("pay-3", "key-slow", TEN_DOLLARS, null, "pm_card_visa", null, false);

        GatewayException failure = assertThrows(GatewayException.class, () -> gateway.authorize(live, request));
        assertEquals(Kind.OUTCOME_UNKNOWN, failure.kind());

        GatewayResult resolved = gateway.status(live, new StatusRequest(Operation.AUTHORIZE, "pay-3", "key-slow", null,
                TEN_DOLLARS, "pm_card_visa", false));

        assertEquals(GatewayResult.of(Outcome.AUTHORIZED, "pi_3Slow"), resolved);
        assertEquals(2, stripe.chargesMade());
        List<LoggedRequest> creates = stripe.server().findAll(postRequestedFor(urlEqualTo("/v1/payment_intents")));
        assertEquals(List.of("key-slow", "key-slow"), creates.stream().map(r -> r.getHeader("Idempotency-Key")).toList());
        assertEquals(creates.get(0).getBodyAsString(), creates.get(1).getBodyAsString());
    }

    @Test
    void aRepeatedAuthorizationSendsTheSameKeyAgain() throws Exception {
        stripe.approveAuthorize("pi_3Again");
        AuthorizeRequest request = authorization(TEN_DOLLARS, false);

        assertEquals("pi_3Again", gateway.authorize(live, request).providerReference());
        assertEquals("pi_3Again", gateway.authorize(live, request).providerReference());

        stripe.server().verify(2, postRequestedFor(urlEqualTo("/v1/payment_intents"))
                .withHeader("Idempotency-Key", equalTo("key-auth-1")));
    }

    @Test
    void statusWithAReferenceReadsThePaymentIntent() throws Exception {
        stripe.resolveStatusAs("pi_3Known", "succeeded");

        GatewayResult result = gateway.status(live, new StatusRequest(Operation.AUTHORIZE, "pay-4", "key-4", "pi_3Known",
                TEN_DOLLARS, "pm_card_visa", true));

        assertEquals(GatewayResult.of(Outcome.CAPTURED, "pi_3Known"), result);
        stripe.server().verify(getRequestedFor(urlEqualTo("/v1/payment_intents/pi_3Known"))
                .withHeader("Authorization", equalTo("Bearer " + StripeStub.SECRET_KEY)));
        assertEquals(0, stripe.chargesMade());
    }

    @Test
    void statusFindsAnAuthorizationWithAReferenceBySearchWhenStripeRefusesTheResend() throws Exception {
        stripe.server().stubFor(post(urlEqualTo("/v1/payment_intents")).willReturn(aResponse().withStatus(400).withBody("""
                {"error": {"message": "Keys for idempotent requests can only be used with the same parameters they were first used with.", "type": "idempotency_error"}}""")));
        stripe.server().stubFor(get(urlPathEqualTo("/v1/payment_intents/search"))
                .withQueryParam("query", equalTo("metadata['baseplate_idempotency_key']:'key-5'"))
                .willReturn(aResponse().withStatus(200).withBody("""
                        {"object": "search_result", "url": "/v1/payment_intents/search", "has_more": false, "next_page": null,
                         "data": [{"id": "pi_3Found", "object": "payment_intent", "amount": 1000, "capture_method": "manual",
                                   "currency": "usd", "last_payment_error": null,
                                   "metadata": {"baseplate_idempotency_key": "key-5", "baseplate_payment_id": "pay-5"},
                                   "status": "requires_capture"}]}""")));

        GatewayResult result = gateway.status(live, new StatusRequest(Operation.AUTHORIZE, "pay-5", "key-5", null,
                TEN_DOLLARS, "pm_card_visa", false));

        assertEquals(GatewayResult.of(Outcome.AUTHORIZED, "pi_3Found"), result);
    }

    @Test
    void statusStaysUnknownWhileTheSearchFindsNothing() {
        stripe.server().stubFor(post(urlEqualTo("/v1/payment_intents")).willReturn(aResponse().withStatus(400).withBody("""
                {"error": {"message": "Keys for idempotent requests can only be used with the same parameters they were first used with.", "type": "idempotency_error"}}""")));
        stripe.server().stubFor(get(urlPathEqualTo("/v1/payment_intents/search")).willReturn(aResponse().withStatus(200)
                .withBody("{\"object\": \"search_result\", \"data\": [], \"has_more\": false, \"next_page\": null}")));

        GatewayException failure = assertThrows(GatewayException.class, () -> gateway.status(live,
                new StatusRequest(Operation.AUTHORIZE, "pay-6", "key-6", null, TEN_DOLLARS, "pm_card_visa", false)));

        assertEquals(Kind.OUTCOME_UNKNOWN, failure.kind());
    }

    @Test
    void aPartialCaptureAsksForLessThanWasAuthorized() throws Exception {
        stripe.approveCapture("pi_3Cap");

        GatewayResult result = gateway.capture(live, new CaptureRequest("pay-7", "key-cap-1", "pi_3Cap", new Money(600, "USD")));

        assertEquals(GatewayResult.of(Outcome.CAPTURED, "pi_3Cap"), result);
        stripe.server().verify(1, postRequestedFor(urlEqualTo("/v1/payment_intents/pi_3Cap/capture"))
                .withHeader("Authorization", equalTo("Bearer " + StripeStub.SECRET_KEY))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withHeader("Idempotency-Key", equalTo("key-cap-1"))
                .withFormParam("amount_to_capture", equalTo("600")));
    }

    @Test
    void statusOfAnUnansweredCaptureSendsItAgainWithTheSameKey() throws Exception {
        stripe.approveCapture("pi_3Cap");

        GatewayResult result = gateway.status(live, new StatusRequest(Operation.CAPTURE, "pay-7", "key-cap-1", "pi_3Cap",
                new Money(600, "USD"), "pm_card_visa", false));

        assertEquals(GatewayResult.of(Outcome.CAPTURED, "pi_3Cap"), result);
        stripe.server().verify(postRequestedFor(urlEqualTo("/v1/payment_intents/pi_3Cap/capture"))
                .withHeader("Idempotency-Key", equalTo("key-cap-1"))
                .withFormParam("amount_to_capture", equalTo("600")));
    }

    @Test
    void voidCancelsThePaymentIntent() throws Exception {
        stripe.approveVoid("pi_3Void");

        GatewayResult result = gateway.voidAuthorization(live, new VoidRequest("pay-8", "key-void-1", "pi_3Void"));

        assertEquals(GatewayResult.of(Outcome.VOIDED, "pi_3Void"), result);
        stripe.server().verify(1, postRequestedFor(urlEqualTo("/v1/payment_intents/pi_3Void/cancel"))
                .withHeader("Authorization", equalTo("Bearer " + StripeStub.SECRET_KEY))
                .withHeader("Idempotency-Key", equalTo("key-void-1")));
    }

    @Test
    void twoPartialRefundsAreTwoRefundsWithTheirOwnKeys() throws Exception {
        stripe.approveRefund("re_3First");
        GatewayResult first = gateway.refund(live, new RefundRequest("pay-9", "refund-1", "key-ref-1", "pi_3Paid", new Money(300, "USD")));
        stripe.approveRefund("re_3Second");
        GatewayResult second = gateway.refund(live, new RefundRequest("pay-9", "refund-2", "key-ref-2", "pi_3Paid", new Money(200, "USD")));

        assertEquals(GatewayResult.of(Outcome.REFUNDED, "re_3First"), first);
        assertEquals(GatewayResult.of(Outcome.REFUNDED, "re_3Second"), second);
        stripe.server().verify(1, postRequestedFor(urlEqualTo("/v1/refunds"))
                .withHeader("Authorization", equalTo("Bearer " + StripeStub.SECRET_KEY))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withHeader("Idempotency-Key", equalTo("key-ref-1"))
                .withFormParam("payment_intent", equalTo("pi_3Paid"))
                .withFormParam("amount", equalTo("300"))
                .withFormParam("metadata[baseplate_payment_id]", equalTo("pay-9"))
                .withFormParam("metadata[baseplate_refund_id]", equalTo("refund-1"))
                .withFormParam("metadata[baseplate_idempotency_key]", equalTo("key-ref-1")));
        stripe.server().verify(1, postRequestedFor(urlEqualTo("/v1/refunds"))
                .withHeader("Idempotency-Key", equalTo("key-ref-2"))
                .withFormParam("amount", equalTo("200"))
                .withFormParam("metadata[baseplate_refund_id]", equalTo("refund-2")));
    }

    @Test
    void aPendingRefundIsProcessingAndAFailedOneDeclined() throws Exception {
        RefundRequest request = new RefundRequest("pay-10", "refund-1", "key-ref-3", "pi_3Paid", new Money(300, "USD"));

        stripe.answerRefund("re_3Pending", "pending");
        assertEquals(GatewayResult.of(Outcome.PROCESSING, "re_3Pending"), gateway.refund(live, request));

        stripe.answerRefund("re_3Failed", "failed");
        GatewayResult failed = gateway.refund(live, request);
        assertEquals(Outcome.DECLINED, failed.outcome());
        assertEquals("lost_or_stolen_card", failed.code());
    }

    @Test
    void statusOfARefundReadsItByItsId() throws Exception {
        stripe.server().stubFor(get(urlEqualTo("/v1/refunds/re_3Known")).willReturn(aResponse().withStatus(200).withBody("""
                {"id": "re_3Known", "object": "refund", "amount": 300, "currency": "usd", "payment_intent": "pi_3Paid",
                 "metadata": {}, "status": "succeeded"}""")));

        GatewayResult result = gateway.status(live, new StatusRequest(Operation.REFUND, "pay-11", "key-ref-4", "re_3Known",
                new Money(300, "USD"), null, false));

        assertEquals(GatewayResult.of(Outcome.REFUNDED, "re_3Known"), result);
    }

    @Test
    void statusOfARefundKnownOnlyByItsPaymentFindsItByKeyAmongThePaymentsRefunds() throws Exception {
        stripe.server().stubFor(get(urlPathEqualTo("/v1/refunds")).withQueryParam("payment_intent", equalTo("pi_3Paid"))
                .willReturn(aResponse().withStatus(200).withBody("""
                        {"object": "list", "url": "/v1/refunds", "has_more": false, "data": [
                          {"id": "re_3Other", "object": "refund", "amount": 100, "metadata": {"baseplate_idempotency_key": "key-other"}, "status": "succeeded"},
                          {"id": "re_3Mine", "object": "refund", "amount": 300, "metadata": {"baseplate_idempotency_key": "key-ref-5"}, "status": "pending"}]}""")));

        StatusRequest mine = new StatusRequest(Operation.REFUND, "pay-12", "key-ref-5", "pi_3Paid", new Money(300, "USD"), null, false);
        StatusRequest never = new StatusRequest(Operation.REFUND, "pay-12", "key-ref-6", "pi_3Paid", new Money(300, "USD"), null, false);

        assertEquals(GatewayResult.of(Outcome.PROCESSING, "re_3Mine"), gateway.status(live, mine));
        GatewayResult notFound = gateway.status(live, never);
        assertEquals(Outcome.DECLINED, notFound.outcome());
        assertEquals("refund_not_found", notFound.code());
    }

    @Test
    void aMissingSecretKeyIsRejectedBeforeAnyCall() {
        GatewayContext withoutKey = new GatewayContext("tenant-x", false, Map.of(), null);

        GatewayException failure = assertThrows(GatewayException.class,
                () -> gateway.authorize(withoutKey, authorization(TEN_DOLLARS, false)));

        assertEquals(Kind.REJECTED, failure.kind());
        assertEquals("missing_credential", failure.code());
        assertEquals(0, stripe.server().getAllServeEvents().size());
    }

    @Test
    void anUnofferedCurrencyIsRejectedBeforeAnyCall() {
        GatewayException failure = assertThrows(GatewayException.class,
                () -> gateway.authorize(live, authorization(new Money(1000, "INR"), false)));

        assertEquals(Kind.REJECTED, failure.kind());
        assertEquals(0, stripe.server().getAllServeEvents().size());
    }

    @Test
    void theStubCountsOnlyPaymentIntentCreates() throws Exception {
        stripe.approveAuthorize("pi_3Count");
        stripe.approveVoid("pi_3Count");
        gateway.authorize(live, authorization(TEN_DOLLARS, false));
        gateway.voidAuthorization(live, new VoidRequest("pay-1", "key-void", "pi_3Count"));

        assertEquals(1, stripe.chargesMade());
        assertEquals(2, stripe.server().getAllServeEvents().size());
    }
}
