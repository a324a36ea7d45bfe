package io.baseplate.gateway.razorpay;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.baseplate.api.payment.GatewayContext;
import io.baseplate.api.payment.Money;
import io.baseplate.api.payment.PaymentGateway;
import io.baseplate.api.payment.WebhookRequest;
import io.baseplate.gateway.razorpay.internal.RazorpayGateway;

/**
 * A stand-in for the Razorpay API on a local WireMock server, answering with the shapes Razorpay documents,
 * for tests of the Razorpay gateway and of the platform code above it (routing, fallback, the janitor that
 * resolves unknown outcomes). Use it in a try-with-resources block or close it after each test.
 *
 * <pre>
 * try (RazorpayStub razorpay = new RazorpayStub()) {
 *     PaymentGateway gateway = razorpay.gateway();
 *     String token = razorpay.approveAuthorize(new Money(50_000, "INR"));
 *     GatewayResult result = gateway.authorize(razorpay.context("tenant-1"),
 *             new AuthorizeRequest("pay-1", "key-1", new Money(50_000, "INR"), "IN", token, null, true));
 *     // result: CAPTURED, reference razorpay.paymentIdOf(token); razorpay.capturesMade() == 1
 * }
 * </pre>
 *
 * <p>A Razorpay payment exists before the gateway sees it: the buyer made it in Checkout. So the
 * {@code ...Authorize} methods create one Razorpay payment each (an order id and a payment id, unique in the
 * stub) and return its Checkout token {@code order_id|payment_id|signature}, signed with
 * {@link #KEY_SECRET}; pass it as the payment method. Everything the stub answers stays programmed until
 * {@link #reset()} or {@link #close()}. {@link #gateway()} is a gateway pointed at the stub with a
 * {@link #READ_TIMEOUT} shorter than {@link #SLOW_ANSWER}, the delay of the {@code timeOut...} answers.
 */
public final class RazorpayStub implements AutoCloseable {

    /** The tenant's API key id in {@link #credentials()}. */
    public static final String KEY_ID = "rzp_test_1DP5mmOlF5G5ag";
    /** The tenant's API key secret in {@link #credentials()}; Checkout tokens are signed with it. */
    public static final String KEY_SECRET = "thisissupersecret";
    /** The webhook secret {@link #signWebhook} signs with and {@link #context} carries. */
    public static final String WEBHOOK_SECRET = "webhook-secret-for-tests";
    /** The read timeout of {@link #gateway()}. */
    public static final Duration READ_TIMEOUT = Duration.ofMillis(800);
    /** How late a {@code timeOut...} answer comes: longer than {@link #READ_TIMEOUT}. */
    public static final Duration SLOW_ANSWER = Duration.ofMillis(2500);

    private static final String CAPTURED_STATE = "captured";
    private static final String ANSWERED_STATE = "answered";

    private final WireMockServer server = new WireMockServer(options().dynamicPort());
    private final AtomicLong sequence = new AtomicLong();

    /** Starts the server on a free port. */
    public RazorpayStub() {
        server.start();
    }

    /** Where the stub listens: the {@code baseUrl} for {@link RazorpayGateway}. */
    public URI baseUrl() {
        return URI.create(server.baseUrl());
    }

    /** The WireMock server, to verify requests or program answers the methods here do not offer. */
    public WireMockServer server() {
        return server;
    }

    /** A live (not sandbox) Razorpay gateway talking to this stub, with {@link #READ_TIMEOUT}. */
    public PaymentGateway gateway() {
        return new RazorpayGateway(baseUrl(), Duration.ofSeconds(1), READ_TIMEOUT);
    }

    /** The credentials a tenant stores for Razorpay: {@code keyId} and {@code keySecret}. */
    public Map<String, String> credentials() {
        return Map.of("keyId", KEY_ID, "keySecret", KEY_SECRET);
    }

    public String webhookSecret() {
        return WEBHOOK_SECRET;
    }

    /** A live context of a tenant with {@link #credentials()} and {@link #webhookSecret()}. */
    public GatewayContext context(String tenantId) {
        return new GatewayContext(tenantId, false, credentials(), WEBHOOK_SECRET);
    }

    /** The Checkout token Razorpay would give for this order and payment, signed with {@link #KEY_SECRET}. */
    public static String checkoutToken(String orderId, String paymentId) {
        return orderId + "|" + paymentId + "|" + hmacSha256Hex(KEY_SECRET, (orderId + "|" + paymentId).getBytes(StandardCharsets.UTF_8));
    }

    /** The Razorpay payment id in a Checkout token: the provider reference the gateway answers with. */
    public static String paymentIdOf(String checkoutToken) {
        return checkoutToken.split("\\|")[1];
    }

    /** A payment the buyer authorized in Checkout; capturing it succeeds. Returns its Checkout token. */
    public String approveAuthorize(Money amount) {
        String orderId = "order_" + unique();
        String paymentId = "pay_" + unique();
        answerPayment(paymentId, Scenario.STARTED, payment(paymentId, orderId, amount, "authorized"), null);
        answerCapture(paymentId, orderId, amount, null);
        return checkoutToken(orderId, paymentId);
    }

    /** A payment the account captured automatically (already {@code captured} when fetched). */
    public String approveAuthorizeCaptured(Money amount) {
        String orderId = "order_" + unique();
        String paymentId = "pay_" + unique();
        answerPayment(paymentId, Scenario.STARTED, payment(paymentId, orderId, amount, "captured"), null);
        return checkoutToken(orderId, paymentId);
    }

    /**
     * A payment that failed in Checkout, with Razorpay's {@code error_reason} (e.g. {@code card_declined},
     * {@code payment_failed}) and {@code error_description}. Returns its Checkout token.
     */
    public String declineAuthorize(Money amount, String errorReason, String errorDescription) {
        String orderId = "order_" + unique();
        String paymentId = "pay_" + unique();
        String failed = payment(paymentId, orderId, amount, "failed")
                .replace("\"error_code\": null", "\"error_code\": \"BAD_REQUEST_ERROR\"")
                .replace("\"error_description\": null", "\"error_description\": \"" + errorDescription + "\"")
                .replace("\"error_source\": null", "\"error_source\": \"customer\"")
                .replace("\"error_step\": null", "\"error_step\": \"payment_authorization\"")
                .replace("\"error_reason\": null", "\"error_reason\": \"" + errorReason + "\"");
        answerPayment(paymentId, Scenario.STARTED, failed, null);
        return checkoutToken(orderId, paymentId);
    }

    /**
     * An authorized payment whose first fetch answers only after {@link #SLOW_ANSWER} (the gateway gives up:
     * outcome unknown); every later fetch answers at once, and capturing it succeeds.
     */
    public String timeOutAuthorize(Money amount) {
        String orderId = "order_" + unique();
        String paymentId = "pay_" + unique();
        String authorized = payment(paymentId, orderId, amount, "authorized");
        server.stubFor(get(urlPathEqualTo("/v1/payments/" + paymentId))
                .inScenario(paymentId).whenScenarioStateIs(Scenario.STARTED).willSetStateTo(ANSWERED_STATE)
                .willReturn(json(200, authorized).withFixedDelay((int) SLOW_ANSWER.toMillis())));
        answerPayment(paymentId, ANSWERED_STATE, authorized, null);
        answerCapture(paymentId, orderId, amount, null);
        return checkoutToken(orderId, paymentId);
    }

    /**
     * An authorized payment whose capture takes effect but answers only after {@link #SLOW_ANSWER}; from then
     * on the payment is fetched as {@code captured}.
     */
    public String timeOutCapture(Money amount) {
        String orderId = "order_" + unique();
        String paymentId = "pay_" + unique();
        answerPayment(paymentId, Scenario.STARTED, payment(paymentId, orderId, amount, "authorized"), null);
        answerCapture(paymentId, orderId, amount, SLOW_ANSWER);
        return checkoutToken(orderId, paymentId);
    }

    /** Every request answers 500 with Razorpay's {@code SERVER_ERROR} body, ahead of anything programmed. */
    public void failWithServerError() {
        server.stubFor(any(anyUrl()).atPriority(1).willReturn(json(500, error("SERVER_ERROR",
                "The server encountered an error. The incident has been reported to admins.", "NA", "NA", "NA"))));
    }

    /** Every request answers 429 Too Many Requests, ahead of anything programmed. */
    public void failWithRateLimit() {
        server.stubFor(any(anyUrl()).atPriority(1).willReturn(json(429, error("BAD_REQUEST_ERROR",
                "Too many requests", "NA", "NA", "NA"))));
    }

    /** Every request answers 401 as Razorpay does for a wrong key id or secret, ahead of anything programmed. */
    public void failWithBadCredentials() {
        server.stubFor(any(anyUrl()).atPriority(1).willReturn(json(401, error("BAD_REQUEST_ERROR",
                "Authentication failed", "NA", "NA", "NA"))));
    }

    /**
     * A refund of {@code amount} of a payment that Razorpay processes, answered to every request with this
     * {@code X-Refund-Idempotency} key (Razorpay answers a repeated key with the refund it already made).
     * Returns the refund's id.
     */
    public String approveRefund(String razorpayPaymentId, String idempotencyKey, Money amount) {
        String refundId = "rfnd_" + unique();
        answerRefund(razorpayPaymentId, idempotencyKey, refund(refundId, razorpayPaymentId, amount, "processed"), null);
        return refundId;
    }

    /** Like {@link #approveRefund}, but the refund stays {@code pending}. */
    public String pendRefund(String razorpayPaymentId, String idempotencyKey, Money amount) {
        String refundId = "rfnd_" + unique();
        answerRefund(razorpayPaymentId, idempotencyKey, refund(refundId, razorpayPaymentId, amount, "pending"), null);
        return refundId;
    }

    /**
     * A refund Razorpay makes but answers only after {@link #SLOW_ANSWER} the first time; a repeat with the
     * same key answers at once with the same refund. Returns the refund's id.
     */
    public String timeOutRefund(String razorpayPaymentId, String idempotencyKey, Money amount) {
        String refundId = "rfnd_" + unique();
        String processed = refund(refundId, razorpayPaymentId, amount, "processed");
        String scenario = "refund-" + idempotencyKey;
        server.stubFor(post(urlPathEqualTo("/v1/payments/" + razorpayPaymentId + "/refund"))
                .withHeader("X-Refund-Idempotency", equalTo(idempotencyKey))
                .inScenario(scenario).whenScenarioStateIs(Scenario.STARTED).willSetStateTo(ANSWERED_STATE)
                .willReturn(json(200, processed).withFixedDelay((int) SLOW_ANSWER.toMillis())));
        server.stubFor(post(urlPathEqualTo("/v1/payments/" + razorpayPaymentId + "/refund"))
                .withHeader("X-Refund-Idempotency", equalTo(idempotencyKey))
                .inScenario(scenario).whenScenarioStateIs(ANSWERED_STATE)
                .willReturn(json(200, processed)));
        return refundId;
    }

    /** What {@code GET /v1/refunds/{id}} answers: the refund in {@code status} (processed, pending, failed). */
    public void resolveRefundStatusAs(String refundId, String razorpayPaymentId, Money amount, String status) {
        server.stubFor(get(urlPathEqualTo("/v1/refunds/" + refundId))
                .willReturn(json(200, refund(refundId, razorpayPaymentId, amount, status))));
    }

    /** How many captures ({@code POST /v1/payments/{id}/capture}) the stub received. */
    public int capturesMade() {
        return server.countRequestsMatching(postRequestedFor(urlPathMatching("/v1/payments/[^/]+/capture")).build())
                .getCount();
    }

    /** How many refund requests ({@code POST /v1/payments/{id}/refund}) the stub received, repeats included. */
    public int refundsRequested() {
        return server.countRequestsMatching(postRequestedFor(urlPathMatching("/v1/payments/[^/]+/refund")).build())
                .getCount();
    }

    /** How many requests of any kind the stub received. */
    public int requestsReceived() {
        return server.getAllServeEvents().size();
    }

    /** The {@code X-Razorpay-Signature} Razorpay would send with this body: hex HMAC-SHA256 with the webhook secret. */
    public static String signWebhook(byte[] body) {
        return hmacSha256Hex(WEBHOOK_SECRET, body);
    }

    /**
     * The webhook call Razorpay would make with this body: signed, with an {@code X-Razorpay-Event-Id}, received
     * at {@code receivedAt} with a tolerance of five minutes.
     */
    public static WebhookRequest webhook(String body, String eventId, Instant receivedAt) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new WebhookRequest(Map.of("X-Razorpay-Signature", List.of(signWebhook(bytes)),
                "X-Razorpay-Event-Id", List.of(eventId), "Content-Type", List.of("application/json")),
                Map.of(), bytes, receivedAt, Duration.ofMinutes(5));
    }

    /**
     * A payment webhook body as Razorpay documents it ({@code payment.authorized}, {@code payment.captured},
     * {@code payment.failed}), created at {@code createdAt}, whose payment carries
     * {@code notes.baseplate_payment_id} when {@code platformPaymentId} is not null.
     */
    public static String paymentEvent(String event, String razorpayPaymentId, Money amount, String platformPaymentId,
                                      Instant createdAt) {
        String status = switch (event) {
            case "payment.captured" -> "captured";
            case "payment.failed" -> "failed";
            default -> "authorized";
        };
        String payment = payment(razorpayPaymentId, "order_" + razorpayPaymentId.substring(4), amount, status)
                .replace("\"notes\": []", notes(platformPaymentId));
        if (status.equals("failed")) {
            payment = payment.replace("\"error_code\": null", "\"error_code\": \"BAD_REQUEST_ERROR\"")
                    .replace("\"error_reason\": null", "\"error_reason\": \"payment_failed\"")
                    .replace("\"error_description\": null", "\"error_description\": \"Payment failed\"");
        }
        return """
                {
                  "entity": "event",
                  "account_id": "acc_BFQ7uQEaa7j2z7",
                  "event": "%s",
                  "contains": ["payment"],
                  "payload": {"payment": {"entity": %s}},
                  "created_at": %d
                }""".formatted(event, payment, createdAt.getEpochSecond());
    }

    /**
     * A refund webhook body as Razorpay documents it ({@code refund.created}, {@code refund.processed},
     * {@code refund.failed}), whose refund carries {@code notes.baseplate_payment_id} when given.
     */
    public static String refundEvent(String event, String refundId, String razorpayPaymentId, Money amount,
                                     String platformPaymentId, Instant createdAt) {
        String status = event.equals("refund.failed") ? "failed" : "processed";
        String refund = refund(refundId, razorpayPaymentId, amount, status).replace("\"notes\": []", notes(platformPaymentId));
        String payment = payment(razorpayPaymentId, "order_" + razorpayPaymentId.substring(4), amount, "captured");
        return """
                {
                  "entity": "event",
                  "account_id": "acc_E7OQJcEANmBHTC",
                  "event": "%s",
                  "contains": ["refund", "payment"],
                  "payload": {"refund": {"entity": %s}, "payment": {"entity": %s}},
                  "created_at": %d
                }""".formatted(event, refund, payment, createdAt.getEpochSecond());
    }

    /** Forgets every programmed answer and every request received. */
    public void reset() {
        server.resetAll();
    }

    @Override
    public void close() {
        server.stop();
    }

    private void answerPayment(String paymentId, String state, String body, Duration delay) {
        ResponseDefinitionBuilder response = json(200, body);
        if (delay != null) {
            response.withFixedDelay((int) delay.toMillis());
        }
        server.stubFor(get(urlPathEqualTo("/v1/payments/" + paymentId))
                .inScenario(paymentId).whenScenarioStateIs(state).willReturn(response));
    }

    /** Captures the full amount, as Razorpay requires; afterwards the payment is fetched as captured. */
    private void answerCapture(String paymentId, String orderId, Money amount, Duration delay) {
        String captured = payment(paymentId, orderId, amount, "captured");
        ResponseDefinitionBuilder response = json(200, captured);
        if (delay != null) {
            response.withFixedDelay((int) delay.toMillis());
        }
        server.stubFor(post(urlPathEqualTo("/v1/payments/" + paymentId + "/capture"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(matchingJsonPath("$.amount", equalTo(String.valueOf(amount.minorUnits()))))
                .withRequestBody(matchingJsonPath("$.currency", equalTo(amount.currency())))
                .inScenario(paymentId).willSetStateTo(CAPTURED_STATE)
                .willReturn(response));
        server.stubFor(post(urlPathEqualTo("/v1/payments/" + paymentId + "/capture")).atPriority(9)
                .willReturn(json(400, error("BAD_REQUEST_ERROR", "Capture amount must be equal to the amount authorized",
                        "business", "payment_capture", "input_validation_failed"))));
        answerPayment(paymentId, CAPTURED_STATE, captured, null);
    }

    private void answerRefund(String razorpayPaymentId, String idempotencyKey, String body, Duration delay) {
        ResponseDefinitionBuilder response = json(200, body);
        if (delay != null) {
            response.withFixedDelay((int) delay.toMillis());
        }
        server.stubFor(post(urlPathEqualTo("/v1/payments/" + razorpayPaymentId + "/refund"))
                .withHeader("X-Refund-Idempotency", equalTo(idempotencyKey))
                .willReturn(response));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    /** The payment entity, field for field as Razorpay's Fetch a Payment and Capture a Payment answer it. */
    private static String payment(String paymentId, String orderId, Money amount, String status) {
        return """
                {
                  "id": "%s",
                  "entity": "payment",
                  "amount": %d,
                  "currency": "%s",
                  "status": "%s",
                  "order_id": "%s",
                  "invoice_id": null,
                  "international": false,
                  "method": "card",
                  "amount_refunded": 0,
                  "refund_status": null,
                  "captured": %b,
                  "description": "Payment for Adidas shoes",
                  "card_id": "card_KOdY30ajbuyOYN",
                  "bank": null,
                  "wallet": null,
                  "vpa": null,
                  "email": "gaurav.kumar@example.com",
                  "contact": "+919000090000",
                  "notes": [],
                  "fee": null,
                  "tax": null,
                  "error_code": null,
                  "error_description": null,
                  "error_source": null,
                  "error_step": null,
                  "error_reason": null,
                  "acquirer_data": {"auth_code": "828553"},
                  "created_at": 1667398779
                }""".formatted(paymentId, amount.minorUnits(), amount.currency(), status, orderId,
                status.equals("captured"));
    }

    /** The refund entity, as Razorpay's Create a Refund and Fetch a Refund answer it. */
    private static String refund(String refundId, String razorpayPaymentId, Money amount, String status) {
        return """
                {
                  "id": "%s",
                  "entity": "refund",
                  "amount": %d,
                  "currency": "%s",
                  "payment_id": "%s",
                  "notes": [],
                  "receipt": null,
                  "acquirer_data": {"arn": null},
                  "created_at": 1597078866,
                  "batch_id": null,
                  "status": "%s",
                  "speed_processed": "normal",
                  "speed_requested": "normal"
                }""".formatted(refundId, amount.minorUnits(), amount.currency(), razorpayPaymentId, status);
    }

    /** Razorpay's error body: {@code {"error": {"code", "description", "source", "step", "reason", "metadata"}}}. */
    private static String error(String code, String description, String source, String step, String reason) {
        return """
                {"error": {"code": "%s", "description": "%s", "source": "%s", "step": "%s", "reason": "%s",
                 "metadata": {}, "field": null}}""".formatted(code, description, source, step, reason);
    }

    private static String notes(String platformPaymentId) {
        return platformPaymentId == null ? "\"notes\": []"
                : "\"notes\": {\"baseplate_payment_id\": \"" + platformPaymentId + "\"}";
    }

    private String unique() {
        return "Stub" + Long.toString(System.nanoTime(), 36) + sequence.incrementAndGet();
    }

    private static String hmacSha256Hex(String secret, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
