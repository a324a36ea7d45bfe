package io.baseplate.gateway.stripe.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.baseplate.api.payment.GatewayContext;
import io.baseplate.api.payment.WebhookRequest;

/**
 * A stand-in for the Stripe API on a local WireMock server, answering as Stripe documents, for tests of
 * {@link StripeGateway} and of the platform code that drives it (routing, fallback, the janitor that resolves
 * unknown outcomes). Use from another module through {@code io.baseplate:gateway-stripe:test-jar}.
 *
 * <pre>{@code
 * try (StripeStub stripe = new StripeStub()) {
 *     PaymentGateway gateway = stripe.newGateway();
 *     stripe.approveAuthorize("pi_1");
 *     GatewayResult result = gateway.authorize(stripe.liveContext(), request);   // AUTHORIZED, "pi_1"
 *     assertEquals(1, stripe.chargesMade());
 * }
 * }</pre>
 *
 * <p>What it offers:
 * <ul>
 *   <li>answers to program: {@link #approveAuthorize}, {@link #declineAuthorize}, {@link #failWithServerError}
 *       (HTTP 500: RETRYABLE), {@link #rateLimit} (HTTP 429: RETRYABLE), {@link #timeOutAuthorize} (no answer in
 *       time: OUTCOME_UNKNOWN; then {@code status} resolves it), {@link #resolveStatusAs}, {@link #approveCapture},
 *       {@link #approveVoid}, {@link #approveRefund}, {@link #answerRefund};</li>
 *   <li>what was asked: {@link #chargesMade()} (PaymentIntent creates), {@link #server()} for WireMock's own
 *       {@code verify}/{@code findAll};</li>
 *   <li>the tenant's side: {@link #newGateway()}, {@link #liveContext()}, {@link #sandboxContext()},
 *       {@link #credentials()}, {@link #webhookSecret()};</li>
 *   <li>webhooks: {@link #paymentIntentEvent}, {@link #refundEvent}, {@link #event} build Stripe event bodies;
 *       {@link #signature} signs one as Stripe does; {@link #webhook} makes the whole signed call.</li>
 * </ul>
 * A test module using it needs {@code org.wiremock:wiremock-standalone} (test scope) beside the test jar.
 *
 * <p>Each {@code approve...}/{@code decline...}/{@code fail...} method adds stubs; later stubs win over earlier
 * ones for the same request, and {@link #reset()} removes them all. Answers carry {@value #AMOUNT} {@code usd}
 * whatever was asked (the gateway reads only ids, statuses and error fields). Credentials: {@link #credentials()}
 * holds {@value #SECRET_KEY} under {@link StripeGateway#SECRET_KEY}; webhooks are signed with
 * {@value #WEBHOOK_SECRET} ({@link #webhookSecret()}, {@link #signature}, {@link #webhook}).
 */
public final class StripeStub implements AutoCloseable {

    /** The secret key in {@link #credentials()}. */
    public static final String SECRET_KEY = "sk_test_51StubKeyForBaseplateTests";
    /** The webhook signing secret of {@link #liveContext()}. */
    public static final String WEBHOOK_SECRET = "whsec_stubSigningSecretForBaseplateTests";
    /** The tenant of {@link #liveContext()} and {@link #sandboxContext()}. */
    public static final String TENANT = "tenant-stripe";

    private static final String CREATE_PATH = "/v1/payment_intents";
    /** The amount, in minor units, of every object the stub answers with. */
    public static final long AMOUNT = 1000;

    private final WireMockServer server;

    /** Starts the stub on a free local port. */
    public StripeStub() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
    }

    /** The base URL to give {@link StripeGateway}'s constructor. */
    public URI baseUrl() {
        return URI.create(server.baseUrl());
    }

    /** The WireMock server, to verify requests or add stubs of one's own. */
    public WireMockServer server() {
        return server;
    }

    /** A gateway calling this stub: 1 s to connect, 2 s to answer. */
    public StripeGateway newGateway() {
        return newGateway(Duration.ofSeconds(2));
    }

    /** A gateway calling this stub, waiting at most {@code readTimeout} for an answer. */
    public StripeGateway newGateway(Duration readTimeout) {
        return new StripeGateway(baseUrl(), Duration.ofSeconds(1), readTimeout);
    }

    /** The tenant credentials for the gateway: {@code secretKey}. */
    public Map<String, String> credentials() {
        return Map.of(StripeGateway.SECRET_KEY, SECRET_KEY);
    }

    /** The webhook signing secret ({@code whsec_...}). */
    public String webhookSecret() {
        return WEBHOOK_SECRET;
    }

    /** A live-mode context with {@link #credentials()} and {@link #webhookSecret()}. */
    public GatewayContext liveContext() {
        return new GatewayContext(TENANT, false, credentials(), WEBHOOK_SECRET);
    }

    /** A sandbox-mode context with the same credentials: the gateway must not call the stub at all. */
    public GatewayContext sandboxContext() {
        return new GatewayContext(TENANT, true, credentials(), WEBHOOK_SECRET);
    }

    /**
     * PaymentIntent creates answer as Stripe does for an approved card: status {@code requires_capture} when the request says
     * {@code capture_method=manual}, {@code succeeded} when it says {@code automatic}; id {@code paymentIntentId}.
     */
    public void approveAuthorize(String paymentIntentId) {
        server.stubFor(createWith("manual").willReturn(paymentIntent(200, paymentIntentId, "requires_capture", "manual")));
        server.stubFor(createWith("automatic").willReturn(paymentIntent(200, paymentIntentId, "succeeded", "automatic")));
    }

    /**
     * PaymentIntent creates answer as Stripe does for a declined card: HTTP 402, a {@code card_error} with code
     * {@code card_declined}, the given {@code decline_code}, and the failed PaymentIntent (status
     * {@code requires_payment_method}).
     */
    public void declineAuthorize(String paymentIntentId, String declineCode) {
        server.stubFor(post(urlEqualTo(CREATE_PATH)).willReturn(json(402, """
                {
                  "error": {
                    "charge": "ch_%2$s",
                    "code": "card_declined",
                    "decline_code": "%3$s",
                    "doc_url": "https://stripe.com/docs/error-codes/card-declined",
                    "message": "Your card was declined.",
                    "payment_intent": %1$s,
                    "request_log_url": "https://dashboard.stripe.com/test/logs/req_stub",
                    "type": "card_error"
                  }
                }""".formatted(paymentIntentJson(paymentIntentId, "requires_payment_method", "manual",
                declineError(declineCode), ""), paymentIntentId, declineCode))));
    }

    /** Every request answers HTTP 500 with Stripe's {@code api_error} body. */
    public void failWithServerError() {
        server.stubFor(any(anyUrl()).willReturn(json(500, """
                {"error": {"message": "An unknown error occurred", "type": "api_error"}}""")));
    }

    /** Every request answers HTTP 429 with Stripe's {@code rate_limit} body. */
    public void rateLimit() {
        server.stubFor(any(anyUrl()).willReturn(json(429, """
                {"error": {"code": "rate_limit", "message": "Too many requests hit the API too quickly.", "type": "invalid_request_error"}}""")));
    }

    /**
     * The first create answers only after {@code delay} (make it longer than the gateway's read timeout, e.g.
     * 2 s against {@code newGateway(Duration.ofMillis(500))}, so that its outcome
     * is unknown); the create sent again afterwards, with the same key, answers at once with the PaymentIntent
     * {@code paymentIntentId} as approved ({@code requires_capture} or {@code succeeded}), as Stripe replays a
     * stored answer; {@code GET /v1/payment_intents/{id}} answers it too ({@code requires_capture}).
     */
    public void timeOutAuthorize(String paymentIntentId, Duration delay) {
        String scenario = "timeout " + paymentIntentId;
        for (String captureMethod : List.of("manual", "automatic")) {
            String status = captureMethod.equals("manual") ? "requires_capture" : "succeeded";
            server.stubFor(createWith(captureMethod).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                    .willSetStateTo("answered")
                    .willReturn(paymentIntent(200, paymentIntentId, status, captureMethod)
                            .withFixedDelay((int) delay.toMillis())));
            server.stubFor(createWith(captureMethod).inScenario(scenario).whenScenarioStateIs("answered")
                    .willReturn(paymentIntent(200, paymentIntentId, status, captureMethod)));
        }
        resolveStatusAs(paymentIntentId, "requires_capture");
    }

    /** {@code GET /v1/payment_intents/{id}} answers the PaymentIntent in this Stripe status, e.g. {@code succeeded}. */
    public void resolveStatusAs(String paymentIntentId, String status) {
        server.stubFor(get(urlEqualTo(CREATE_PATH + "/" + paymentIntentId)).willReturn(json(200,
                paymentIntentJson(paymentIntentId, status, "manual", "null", ""))));
    }

    /** The capture of {@code paymentIntentId} succeeds for the amount asked ({@code amount_to_capture}). */
    public void approveCapture(String paymentIntentId) {
        server.stubFor(post(urlEqualTo(CREATE_PATH + "/" + paymentIntentId + "/capture"))
                .willReturn(paymentIntent(200, paymentIntentId, "succeeded", "manual")));
    }

    /** The cancel of {@code paymentIntentId} succeeds: status {@code canceled}. */
    public void approveVoid(String paymentIntentId) {
        server.stubFor(post(urlEqualTo(CREATE_PATH + "/" + paymentIntentId + "/cancel"))
                .willReturn(paymentIntent(200, paymentIntentId, "canceled", "manual")));
    }

    /** The next refunds are created with id {@code refundId} and status {@code succeeded}. */
    public void approveRefund(String refundId) {
        answerRefund(refundId, "succeeded");
    }

    /** The next refunds are created with id {@code refundId} in this status: {@code pending}, {@code failed}... */
    public void answerRefund(String refundId, String status) {
        server.stubFor(post(urlEqualTo("/v1/refunds")).willReturn(json(200, refundJson(refundId, status, ""))));
    }

    /** How many PaymentIntent creates (authorizations, first or repeated) the stub received. */
    public int chargesMade() {
        return server.findAll(postRequestedFor(urlEqualTo(CREATE_PATH))).size();
    }

    /** The {@code Stripe-Signature} header Stripe would send for this body at this time. */
    public String signature(String body, Instant signedAt) {
        byte[] mac = StripeGateway.hmacSha256(WEBHOOK_SECRET,
                StripeGateway.signedPayload(signedAt.getEpochSecond(), body.getBytes(StandardCharsets.UTF_8)));
        return "t=" + signedAt.getEpochSecond() + ",v1=" + HexFormat.of().formatHex(mac);
    }

    /** A webhook call as Stripe sends it, signed at {@code signedAt}, received then, with 5 minutes' tolerance. */
    public WebhookRequest webhook(String body, Instant signedAt) {
        return new WebhookRequest(Map.of("Stripe-Signature", List.of(signature(body, signedAt))), Map.of(),
                body.getBytes(StandardCharsets.UTF_8), signedAt, Duration.ofMinutes(5));
    }

    /**
     * An event body as Stripe posts it, about a PaymentIntent.
     *
     * @param status    the intent's Stripe status, e.g. {@code succeeded}
     * @param paymentId the platform's payment id in its metadata
     */
    public static String paymentIntentEvent(String eventId, String type, String paymentIntentId, String status,
                                            String captureMethod, String paymentId) {
        String lastPaymentError = type.equals("payment_intent.payment_failed") ? declineError("insufficient_funds") : "null";
        return event(eventId, type, paymentIntentJson(paymentIntentId, status, captureMethod, lastPaymentError, paymentId));
    }

    /** An event body as Stripe posts it, about a refund. */
    public static String refundEvent(String eventId, String type, String refundId, String status, String paymentId) {
        return event(eventId, type, refundJson(refundId, status, paymentId));
    }

    /** An event body as Stripe posts it, around any object. */
    public static String event(String eventId, String type, String objectJson) {
        return """
                {
                  "id": "%s",
                  "object": "event",
                  "api_version": "%s",
                  "created": 1764210000,
                  "data": {"object": %s},
                  "livemode": false,
                  "pending_webhooks": 1,
                  "request": {"id": "req_stub", "idempotency_key": "key-1"},
                  "type": "%s"
                }""".formatted(eventId, StripeGateway.API_VERSION, objectJson, type);
    }

    /** Removes every stub and forgets every request. */
    public void reset() {
        server.resetAll();
    }

    @Override
    public void close() {
        server.stop();
    }

    private static MappingBuilder createWith(String captureMethod) {
        return post(urlPathEqualTo(CREATE_PATH)).withRequestBody(containing("capture_method=" + captureMethod));
    }

    private static ResponseDefinitionBuilder paymentIntent(int status, String id, String stripeStatus, String captureMethod) {
        return json(status, paymentIntentJson(id, stripeStatus, captureMethod, "null", ""));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withHeader("Request-Id", "req_stub").withBody(body);
    }

    private static String declineError(String declineCode) {
        return """
                {"code": "card_declined", "decline_code": "%s", "message": "Your card has insufficient funds.", "type": "card_error"}"""
                .formatted(declineCode);
    }

    /** A PaymentIntent as Stripe renders it. */
    private static String paymentIntentJson(String id, String status, String captureMethod, String lastPaymentError,
                                            String paymentId) {
        return """
                {
                  "id": "%1$s",
                  "object": "payment_intent",
                  "amount": %7$d,
                  "amount_capturable": %3$d,
                  "amount_received": %4$d,
                  "capture_method": "%5$s",
                  "client_secret": "%1$s_secret_stub",
                  "confirmation_method": "automatic",
                  "created": 1764210000,
                  "currency": "usd",
                  "last_payment_error": %6$s,
                  "latest_charge": "ch_%1$s",
                  "livemode": false,
                  "metadata": {"baseplate_payment_id": "%8$s"},
                  "payment_method": "pm_card_visa",
                  "payment_method_types": ["card"],
                  "status": "%2$s"
                }""".formatted(id, status, status.equals("requires_capture") ? AMOUNT : 0,
                status.equals("succeeded") ? AMOUNT : 0, captureMethod, lastPaymentError, AMOUNT, paymentId);
    }

    /** A Refund as Stripe renders it. */
    private static String refundJson(String id, String status, String paymentId) {
        return """
                {
                  "id": "%1$s",
                  "object": "refund",
                  "amount": %4$d,
                  "balance_transaction": "txn_%1$s",
                  "charge": "ch_stub",
                  "created": 1764210000,
                  "currency": "usd",
                  "failure_reason": %3$s,
                  "metadata": {"baseplate_payment_id": "%5$s"},
                  "payment_intent": "pi_stub",
                  "reason": null,
                  "status": "%2$s"
                }""".formatted(id, status, status.equals("failed") ? "\"lost_or_stolen_card\"" : "null", AMOUNT, paymentId);
    }
}
