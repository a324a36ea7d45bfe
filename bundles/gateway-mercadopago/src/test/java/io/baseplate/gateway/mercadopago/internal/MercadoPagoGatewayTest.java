package io.baseplate.gateway.mercadopago.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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
import io.baseplate.api.payment.GatewayResult;
import io.baseplate.api.payment.GatewayResult.Outcome;
import io.baseplate.api.payment.Money;
import io.baseplate.api.payment.Operation;
import io.baseplate.api.payment.RefundRequest;
import io.baseplate.api.payment.SandboxProcessor;
import io.baseplate.api.payment.StatusRequest;
import io.baseplate.api.payment.VoidRequest;
import io.baseplate.api.payment.WebhookEvent;
import io.baseplate.api.payment.WebhookRejectedException;
import io.baseplate.api.payment.WebhookRequest;

class MercadoPagoGatewayTest {

    private static final long MP_PAYMENT = 1316782542L;
    private static final Money AMOUNT = new Money(10050, "BRL");

    private MercadoPagoStub mp;
    private MercadoPagoGateway gateway;

    @BeforeEach
    void start() {
        mp = new MercadoPagoStub();
        gateway = mp.gateway();
    }

    @AfterEach
    void stop() {
        mp.close();
    }

    private static AuthorizeRequest authorize(String paymentMethod, boolean capture) {
        return new AuthorizeRequest("pay_1", "idem_pay_1_a1", AMOUNT, "BR", paymentMethod, "Order 1042", capture);
    }

    @Test
    void capabilitiesDescribeMercadoPago() {
        GatewayCapabilities capabilities = gateway.capabilities();

        assertEquals(Set.of("BRL", "MXN", "ARS", "CLP", "COP", "PEN", "UYU"), capabilities.currencies());
        assertEquals(Set.of("BR", "AR", "MX", "CL", "CO", "PE", "UY"), capabilities.countries());
        assertEquals(Set.of("card", "pix", "boleto"), capabilities.paymentMethodTypes());
        assertTrue(capabilities.separateCapture());
        assertTrue(capabilities.partialCapture());
        assertTrue(capabilities.partialRefunds());
        assertTrue(capabilities.serves("CLP", "CL"));
        assertFalse(capabilities.serves("USD", "BR"));
    }

    @Test
    void authorizeSendsTheDocumentedPaymentCreation() throws Exception {
        mp.approveAuthorize(MP_PAYMENT);
        GatewayContext context = new GatewayContext("t1", false,
                Map.of("accessToken", MercadoPagoStub.ACCESS_TOKEN, "payerEmail", "buyer@example.com"), null);

        GatewayResult result = gateway.authorize(context, authorize("visa:ff8080814c11e237014c1ff593b57b4d", false));

        assertEquals(Outcome.AUTHORIZED, result.outcome());
        assertEquals(Long.toString(MP_PAYMENT), result.providerReference());
        assertEquals("pending_capture", result.code());
        mp.server().verify(postRequestedFor(urlEqualTo("/v1/payments"))
                .withHeader("Authorization", equalTo("Bearer " + MercadoPagoStub.ACCESS_TOKEN))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("X-Idempotency-Key", equalTo("idem_pay_1_a1"))
                .withRequestBody(equalToJson("""
                        {"transaction_amount": 100.50, "token": "ff8080814c11e237014c1ff593b57b4d",
                         "payment_method_id": "visa", "installments": 1, "capture": false,
                         "external_reference": "pay_1", "description": "Order 1042",
                         "payer": {"email": "buyer@example.com"},
                         "metadata": {"baseplate_payment_id": "pay_1", "baseplate_idempotency_key": "idem_pay_1_a1"}}""")));
    }

    @Test
    void authorizeWithCaptureAndABareTokenIsCapturedAtOnce() throws Exception {
        mp.approveAuthorize(MP_PAYMENT);

        GatewayResult result = gateway.authorize(mp.context(), authorize("ff8080814c11e237014c1ff593b57b4d", true));

        assertEquals(Outcome.CAPTURED, result.outcome());
        assertEquals("accredited", result.code());
        mp.server().verify(postRequestedFor(urlEqualTo("/v1/payments"))
                .withRequestBody(matchingJsonPath("$.token", equalTo("ff8080814c11e237014c1ff593b57b4d")))
                .withRequestBody(matchingJsonPath("$.capture", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.payment_method_id", absent()))
                .withRequestBody(matchingJsonPath("$.payer", absent())));
    }

    @Test
    void amountsAreMajorUnitsAtTheCurrencysExponent() throws Exception {
        mp.approveAuthorize(MP_PAYMENT);

        gateway.authorize(mp.context(), new AuthorizeRequest("pay_cl", "idem_cl", new Money(15000, "CLP"), "CL",
                "tok", null, true));

        String body = mp.server().findAll(postRequestedFor(urlEqualTo("/v1/payments"))).get(0).getBodyAsString();
        assertTrue(body.contains("\"transaction_amount\":15000,"), body);
        assertFalse(body.contains("description"), body);
    }

    @Test
    void aRejectedPaymentIsADeclineWithItsStatusDetail() throws Exception {
        mp.declineAuthorize(MP_PAYMENT, "cc_rejected_insufficient_amount");

        GatewayResult result = gateway.authorize(mp.context(), authorize("tok", true));

        assertEquals(Outcome.DECLINED, result.outcome());
        assertEquals("cc_rejected_insufficient_amount", result.code());
        assertEquals(Long.toString(MP_PAYMENT), result.providerReference());
    }

    @Test
    void aPaymentUnderReviewIsProcessing() throws Exception {
        mp.pendAuthorize(MP_PAYMENT);

        GatewayResult result = gateway.authorize(mp.context(), authorize("tok", true));

        assertEquals(Outcome.PROCESSING, result.outcome());
        assertEquals("pending_contingency", result.code());
    }

    @Test
    void aBadRequestIsRejectedWithTheCauseCode() {
        mp.rejectAuthorize(2006, "Card Token not found");

        GatewayException e = assertThrows(GatewayException.class, () -> gateway.authorize(mp.context(), authorize("tok", true)));

        assertEquals(GatewayException.Kind.REJECTED, e.kind());
        assertEquals("2006", e.code());
        assertTrue(e.getMessage().contains("Card Token not found"), e.getMessage());
    }

    @Test
    void aServerErrorIsRetryable() {
        mp.failWithServerError();

        GatewayException e = assertThrows(GatewayException.class, () -> gateway.authorize(mp.context(), authorize("tok", true)));

        assertEquals(GatewayException.Kind.RETRYABLE, e.kind());
        assertEquals("internal_error", e.code());
    }

    @Test
    void rateLimitingIsRetryable() {
        mp.rateLimit();

        GatewayException e = assertThrows(GatewayException.class, () -> gateway.authorize(mp.context(), authorize("tok", true)));

        assertEquals(GatewayException.Kind.RETRYABLE, e.kind());
        assertEquals("too_many_requests", e.code());
    }

    @Test
    void aRefusedConnectionIsRetryable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        MercadoPagoGateway unreachable = new MercadoPagoGateway(URI.create("http://localhost:" + closedPort),
                Duration.ofSeconds(1), Duration.ofSeconds(1));

        GatewayException e = assertThrows(GatewayException.class, () -> unreachable.authorize(mp.context(), authorize("tok", true)));

        assertEquals(GatewayException.Kind.RETRYABLE, e.kind());
    }

    @Test
    void badCredentialsAreRejectedAndNeverShown() {
        GatewayContext noToken = new GatewayContext("t1", false, Map.of(), null);

        GatewayException e = assertThrows(GatewayException.class, () -> gateway.authorize(noToken, authorize("tok", true)));

        assertEquals(GatewayException.Kind.REJECTED, e.kind());
        assertEquals(0, mp.server().getAllServeEvents().size());
    }

    @Test
    void anUnparseableSuccessIsAnUnknownOutcome() {
        mp.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo("/v1/payments"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(201).withBody("<html>ok</html>")));

        GatewayException e = assertThrows(GatewayException.class, () -> gateway.authorize(mp.context(), authorize("tok", true)));

        assertEquals(GatewayException.Kind.OUTCOME_UNKNOWN, e.kind());
    }

    @Test
    void aReadTimeoutIsAnUnknownOutcomeThatStatusResolvesBySearch() throws Exception {
        mp.timeOutAuthorize(MP_PAYMENT, Duration.ofMillis(1500));
        MercadoPagoGateway impatient = mp.gateway(Duration.ofMillis(300));

        GatewayException e = assertThrows(GatewayException.class, () -> impatient.authorize(mp.context(), authorize("tok", true)));
        assertEquals(GatewayException.Kind.OUTCOME_UNKNOWN, e.kind());

        mp.resolveSearchAs("pay_1", "idem_pay_1_a1", MP_PAYMENT, "approved", "accredited");
        GatewayResult result = gateway.status(mp.context(), new StatusRequest(Operation.AUTHORIZE, "pay_1", "idem_pay_1_a1",
                null, AMOUNT, "tok", true));

        assertEquals(Outcome.CAPTURED, result.outcome());
        assertEquals(Long.toString(MP_PAYMENT), result.providerReference());
        mp.server().verify(getRequestedFor(urlPathEqualTo("/v1/payments/search"))
                .withQueryParam("external_reference", equalTo("pay_1"))
                .withHeader("Authorization", equalTo("Bearer " + MercadoPagoStub.ACCESS_TOKEN)));
        assertEquals(1, mp.chargesMade());
    }

    @Test
    void statusIgnoresAnotherAttemptsPaymentAndResendsWithTheSameKey() throws Exception {
        mp.resolveSearchAs("pay_1", "idem_pay_1_earlier_attempt", 999L, "rejected", "cc_rejected_other_reason");
        mp.approveAuthorize(MP_PAYMENT);

        GatewayResult result = gateway.status(mp.context(), new StatusRequest(Operation.AUTHORIZE, "pay_1", "idem_pay_1_a1",
                null, AMOUNT, "tok", false));

        assertEquals(Outcome.AUTHORIZED, result.outcome());
        assertEquals(Long.toString(MP_PAYMENT), result.providerReference());
        mp.server().verify(postRequestedFor(urlEqualTo("/v1/payments"))
                .withHeader("X-Idempotency-Key", equalTo("idem_pay_1_a1"))
                .withRequestBody(matchingJsonPath("$.transaction_amount", equalTo("100.5"))));
    }

    @Test
    void statusByReferenceReadsThePayment() throws Exception {
        mp.resolveStatusAs(MP_PAYMENT, "authorized", "pending_capture");

        GatewayResult result = gateway.status(mp.context(), new StatusRequest(Operation.AUTHORIZE, "pay_1", "idem_pay_1_a1",
                Long.toString(MP_PAYMENT), AMOUNT, "tok", false));

        assertEquals(Outcome.AUTHORIZED, result.outcome());
        mp.server().verify(getRequestedFor(urlEqualTo("/v1/payments/" + MP_PAYMENT)));
    }

    @Test
    void aServerErrorWhileAskingIsStillAnUnknownOutcome() {
        mp.failWithServerError();

        GatewayException e = assertThrows(GatewayException.class, () -> gateway.status(mp.context(), new StatusRequest(
                Operation.AUTHORIZE, "pay_1", "idem_pay_1_a1", Long.toString(MP_PAYMENT), AMOUNT, "tok", false)));

        assertEquals(GatewayException.Kind.OUTCOME_UNKNOWN, e.kind());
        assertEquals("internal_error", e.code());
    }

    @Test
    void aRepeatedAuthorizeSendsTheSameIdempotencyKey() throws Exception {
        mp.approveAuthorize(MP_PAYMENT);

        GatewayResult first = gateway.authorize(mp.context(), authorize("tok", false));
        GatewayResult second = gateway.authorize(mp.context(), authorize("tok", false));

        assertEquals(first, second);
        mp.server().verify(exactly(2), postRequestedFor(urlEqualTo("/v1/payments"))
                .withHeader("X-Idempotency-Key", equalTo("idem_pay_1_a1")));
        assertEquals(2, mp.chargesMade());
    }

    @Test
    void aPartialCaptureSendsTheAmountToTake() throws Exception {
        mp.approveCapture(MP_PAYMENT);

        GatewayResult result = gateway.capture(mp.context(), new CaptureRequest("pay_1", "idem_cap_1",
                Long.toString(MP_PAYMENT), new Money(6000, "BRL")));

        assertEquals(Outcome.CAPTURED, result.outcome());
        assertEquals(Long.toString(MP_PAYMENT), result.providerReference());
        mp.server().verify(putRequestedFor(urlEqualTo("/v1/payments/" + MP_PAYMENT))
                .withHeader("Authorization", equalTo("Bearer " + MercadoPagoStub.ACCESS_TOKEN))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("X-Idempotency-Key", equalTo("idem_cap_1"))
                .withRequestBody(equalToJson("{\"capture\": true, \"transaction_amount\": 60.00}")));
    }

    @Test
    void voidCancelsThePayment() throws Exception {
        mp.approveVoid(MP_PAYMENT);

        GatewayResult result = gateway.voidAuthorization(mp.context(), new VoidRequest("pay_1", "idem_void_1",
                Long.toString(MP_PAYMENT)));

        assertEquals(Outcome.VOIDED, result.outcome());
        mp.server().verify(putRequestedFor(urlEqualTo("/v1/payments/" + MP_PAYMENT))
                .withHeader("X-Idempotency-Key", equalTo("idem_void_1"))
                .withRequestBody(equalToJson("{\"status\": \"cancelled\"}")));
    }

    @Test
    void twoPartialRefundsAreTwoRefundsWithTheirOwnKeys() throws Exception {
        mp.approveRefund(MP_PAYMENT, "idem_ref_1", 1009042015L, "30.00");
        mp.approveRefund(MP_PAYMENT, "idem_ref_2", 1009042016L, "20.50");

        GatewayResult first = gateway.refund(mp.context(), new RefundRequest("pay_1", "ref_1", "idem_ref_1",
                Long.toString(MP_PAYMENT), new Money(3000, "BRL")));
        GatewayResult second = gateway.refund(mp.context(), new RefundRequest("pay_1", "ref_2", "idem_ref_2",
                Long.toString(MP_PAYMENT), new Money(2050, "BRL")));

        assertEquals(GatewayResult.of(Outcome.REFUNDED, "1009042015"), first);
        assertEquals(GatewayResult.of(Outcome.REFUNDED, "1009042016"), second);
        mp.server().verify(postRequestedFor(urlEqualTo("/v1/payments/" + MP_PAYMENT + "/refunds"))
                .withHeader("X-Idempotency-Key", equalTo("idem_ref_1"))
                .withHeader("Authorization", equalTo("Bearer " + MercadoPagoStub.ACCESS_TOKEN))
                .withRequestBody(equalToJson("{\"amount\": 30.00}")));
        mp.server().verify(postRequestedFor(urlEqualTo("/v1/payments/" + MP_PAYMENT + "/refunds"))
                .withHeader("X-Idempotency-Key", equalTo("idem_ref_2"))
                .withRequestBody(equalToJson("{\"amount\": 20.50}")));
    }

    @Test
    void refundStatusFindsThePaymentThenTheRefund() throws Exception {
        mp.resolveSearchAs("pay_1", "idem_pay_1_a1", MP_PAYMENT, "approved", "accredited");
        mp.resolveRefundAs(MP_PAYMENT, 1009042015L, "30.00", "in_process");

        GatewayResult result = gateway.status(mp.context(), new StatusRequest(Operation.REFUND, "pay_1", "idem_ref_1",
                "1009042015", new Money(3000, "BRL"), "tok", true));

        assertEquals(new GatewayResult(Outcome.PROCESSING, "1009042015", "in_process", null), result);
        mp.server().verify(getRequestedFor(urlEqualTo("/v1/payments/" + MP_PAYMENT + "/refunds/1009042015")));
    }

    @Test
    void sandboxMakesNoRequestAndAnswersAsTheSandboxProcessor() throws Exception {
        GatewayContext sandbox = new GatewayContext("t1", true, Map.of(), "secret");
        SandboxProcessor expected = new SandboxProcessor(MercadoPagoGateway.ID);
        AuthorizeRequest approve = authorize(SandboxProcessor.APPROVE, false);
        AuthorizeRequest decline = authorize(SandboxProcessor.DECLINE, true);

        assertEquals(expected.authorize(approve), gateway.authorize(sandbox, approve));
        assertEquals(expected.authorize(decline), gateway.authorize(sandbox, decline));
        GatewayException unavailable = assertThrows(GatewayException.class,
                () -> gateway.authorize(sandbox, authorize(SandboxProcessor.UNAVAILABLE, true)));
        assertEquals(GatewayException.Kind.RETRYABLE, unavailable.kind());
        GatewayException timeout = assertThrows(GatewayException.class,
                () -> gateway.authorize(sandbox, authorize(SandboxProcessor.TIMEOUT, true)));
        assertEquals(GatewayException.Kind.OUTCOME_UNKNOWN, timeout.kind());
        CaptureRequest capture = new CaptureRequest("pay_1", "k2", "ref", AMOUNT);
        assertEquals(expected.capture(capture), gateway.capture(sandbox, capture));
        VoidRequest voidRequest = new VoidRequest("pay_1", "k3", "ref");
        assertEquals(expected.voidAuthorization(voidRequest), gateway.voidAuthorization(sandbox, voidRequest));
        RefundRequest refund = new RefundRequest("pay_1", "r1", "k4", "ref", AMOUNT);
        assertEquals(expected.refund(refund), gateway.refund(sandbox, refund));
        StatusRequest status = new StatusRequest(Operation.AUTHORIZE, "pay_1", "k1", null, AMOUNT, SandboxProcessor.TIMEOUT, true);
        assertEquals(expected.status(status), gateway.status(sandbox, status));
        String body = MercadoPagoStub.paymentNotification(1L, MP_PAYMENT, "payment.updated");
        WebhookRequest webhook = new WebhookRequest(
                Map.of("x-signature", List.of(MercadoPagoStub.signature("secret", Long.toString(MP_PAYMENT), "rq", Instant.now())),
                        "x-request-id", List.of("rq")),
                Map.of("data.id", List.of(Long.toString(MP_PAYMENT))), body.getBytes(StandardCharsets.UTF_8),
                Instant.now(), Duration.ofMinutes(5));
        assertEquals(WebhookEvent.ignored("1"), gateway.verifyWebhook(sandbox, webhook));

        mp.server().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aSignedPaymentNotificationReportsThePaymentsState() throws Exception {
        mp.resolveStatusAs(MP_PAYMENT, "approved", "accredited", "pay_1");
        String body = MercadoPagoStub.paymentNotification(112233445566L, MP_PAYMENT, "payment.updated");

        WebhookEvent event = gateway.verifyWebhook(mp.context(),
                mp.webhook(Long.toString(MP_PAYMENT), "f7b2a1d4-0b1c-4ec2-aaaa-9e8b1d2f3c4d", Instant.now(), body));

        assertEquals(new WebhookEvent("112233445566", "pay_1", Operation.CAPTURE,
                new GatewayResult(Outcome.CAPTURED, Long.toString(MP_PAYMENT), "accredited", null)), event);
        mp.server().verify(getRequestedFor(urlEqualTo("/v1/payments/" + MP_PAYMENT))
                .withHeader("Authorization", equalTo("Bearer " + MercadoPagoStub.ACCESS_TOKEN)));
    }

    @Test
    void aRefundedPaymentNotificationIsARefund() throws Exception {
        mp.resolveStatusAs(MP_PAYMENT, "refunded", "refunded", "pay_1");
        String body = MercadoPagoStub.paymentNotification(7L, MP_PAYMENT, "payment.updated");

        WebhookEvent event = gateway.verifyWebhook(mp.context(), mp.webhook(Long.toString(MP_PAYMENT), "rq-7", Instant.now(), body));

        assertEquals(Operation.REFUND, event.operation());
        assertEquals(Outcome.REFUNDED, event.result().outcome());
    }

    @Test
    void theManifestFollowsTheDocumentedTemplate() {
        assertEquals("id:123456;request-id:bb56a2f1-6aae-46ac-982e-9dcd3581d08e;ts:1742505638;",
                MercadoPagoGateway.manifest("123456", "bb56a2f1-6aae-46ac-982e-9dcd3581d08e", "1742505638"));
        assertEquals("id:abc12x;ts:1742505638;", MercadoPagoGateway.manifest("ABC12X", null, "1742505638"));
        assertEquals("request-id:r;ts:1;", MercadoPagoGateway.manifest(null, "r", "1"));
    }

    @Test
    void aTamperedBodyOrDataIdIsRejected() {
        String body = MercadoPagoStub.paymentNotification(8L, MP_PAYMENT, "payment.updated");
        WebhookRequest signed = mp.webhook(Long.toString(MP_PAYMENT), "rq-8", Instant.now(), body);
        WebhookRequest otherPayment = new WebhookRequest(signed.headers(), Map.of("data.id", List.of("42")),
                signed.body(), signed.receivedAt(), signed.tolerance());

        String otherBody = MercadoPagoStub.paymentNotification(8L, 42L, "payment.updated");
        WebhookRequest tamperedBody = new WebhookRequest(signed.headers(), signed.query(),
                otherBody.getBytes(StandardCharsets.UTF_8), signed.receivedAt(), signed.tolerance());

        assertThrows(WebhookRejectedException.class, () -> gateway.verifyWebhook(mp.context(), otherPayment));
        WebhookRejectedException e = assertThrows(WebhookRejectedException.class,
                () -> gateway.verifyWebhook(mp.context(), tamperedBody));
        assertTrue(e.getMessage().contains("signed data.id"), e.getMessage());
        assertEquals(0, mp.server().getAllServeEvents().size());
    }

    @Test
    void aWrongSignatureIsRejected() {
        String body = MercadoPagoStub.paymentNotification(9L, MP_PAYMENT, "payment.updated");
        String ts = Long.toString(Instant.now().getEpochSecond());
        String forged = "ts=" + ts + ",v1=" + MercadoPagoGateway.hmacHex("not-the-secret",
                MercadoPagoGateway.manifest(Long.toString(MP_PAYMENT), "rq-9", ts));
        WebhookRequest request = new WebhookRequest(Map.of("x-signature", List.of(forged), "x-request-id", List.of("rq-9")),
                Map.of("data.id", List.of(Long.toString(MP_PAYMENT))), body.getBytes(StandardCharsets.UTF_8),
                Instant.now(), Duration.ofMinutes(5));

        WebhookRejectedException e = assertThrows(WebhookRejectedException.class, () -> gateway.verifyWebhook(mp.context(), request));
        assertFalse(e.getMessage().contains(forged.substring(forged.indexOf("v1=") + 3)));
    }

    @Test
    void aStaleTimestampIsRejected() {
        String body = MercadoPagoStub.paymentNotification(10L, MP_PAYMENT, "payment.updated");
        WebhookRequest old = mp.webhook(Long.toString(MP_PAYMENT), "rq-10", Instant.now().minus(Duration.ofMinutes(20)), body);

        WebhookRejectedException e = assertThrows(WebhookRejectedException.class, () -> gateway.verifyWebhook(mp.context(), old));
        assertTrue(e.getMessage().contains("tolerance"), e.getMessage());
    }

    @Test
    void aMissingSignatureOrSecretIsRejected() {
        String body = MercadoPagoStub.paymentNotification(11L, MP_PAYMENT, "payment.updated");
        WebhookRequest unsigned = new WebhookRequest(Map.of("x-request-id", List.of("rq-11")),
                Map.of("data.id", List.of(Long.toString(MP_PAYMENT))), body.getBytes(StandardCharsets.UTF_8),
                Instant.now(), Duration.ofMinutes(5));
        WebhookRequest signed = mp.webhook(Long.toString(MP_PAYMENT), "rq-11", Instant.now(), body);
        GatewayContext noSecret = new GatewayContext("t1", false, mp.credentials(), null);

        assertThrows(WebhookRejectedException.class, () -> gateway.verifyWebhook(mp.context(), unsigned));
        assertThrows(WebhookRejectedException.class, () -> gateway.verifyWebhook(noSecret, signed));
    }

    @Test
    void aSignedBodyThatIsNotJsonIsRejected() {
        WebhookRequest garbage = mp.webhook(Long.toString(MP_PAYMENT), "rq-12", Instant.now(), "id=12&type=payment");

        WebhookRejectedException e = assertThrows(WebhookRejectedException.class, () -> gateway.verifyWebhook(mp.context(), garbage));
        assertTrue(e.getMessage().contains("not JSON"), e.getMessage());
    }

    @Test
    void otherNotificationTypesAreIgnored() throws Exception {
        String body = """
                {"id":13,"live_mode":true,"type":"merchant_order","action":"merchant_order.updated","data":{"id":"987"}}""";

        WebhookEvent event = gateway.verifyWebhook(mp.context(), mp.webhook("987", "rq-13", Instant.now(), body));

        assertEquals(WebhookEvent.ignored("13"), event);
        assertNull(event.result());
        assertEquals(0, mp.server().getAllServeEvents().size());
    }

    @Test
    void aNotificationWhosePaymentCannotBeReadIsRejectedForRedelivery() {
        mp.failWithServerError();
        String body = MercadoPagoStub.paymentNotification(14L, MP_PAYMENT, "payment.created");

        assertThrows(WebhookRejectedException.class, () -> gateway.verifyWebhook(mp.context(),
                mp.webhook(Long.toString(MP_PAYMENT), "rq-14", Instant.now(), body)));
    }
}
