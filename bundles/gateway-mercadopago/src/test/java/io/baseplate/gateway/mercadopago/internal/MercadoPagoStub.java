package io.baseplate.gateway.mercadopago.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import io.baseplate.api.payment.GatewayContext;
import io.baseplate.api.payment.WebhookRequest;

/**
 * A fake Mercado Pago Payments API on a local WireMock server, answering with the response shapes of Mercado Pago's
 * API reference, for tests of {@link MercadoPagoGateway} and of the platform code that drives it.
 *
 * <p>Use: {@code try (MercadoPagoStub mp = new MercadoPagoStub()) { PaymentGateway gateway = mp.gateway(); ... }}.
 * Program the answers first ({@link #approveAuthorize}, {@link #declineAuthorize}, {@link #failWithServerError},
 * {@link #timeOutAuthorize}, ...), call the gateway with {@link #context()}, then inspect what it sent with
 * {@link #server()} ({@code server().verify(...)}) or {@link #chargesMade()}. A later stub for the same request wins.
 * Mercado Pago payment ids are numbers; pass whatever {@code long} the test wants to see back as provider reference.
 *
 * <p>Webhooks: {@link #paymentNotification} builds a notification body, {@link #webhook} a signed
 * {@link WebhookRequest} for it (and {@link #signature} the raw {@code x-signature} header); pair it with
 * {@link #resolveStatusAs} for the payment the notification names, since the gateway reads its state from the API.
 */
public final class MercadoPagoStub implements AutoCloseable {

    /** The access token {@link #credentials()} holds; every stubbed endpoint requires it as Bearer token. */
    public static final String ACCESS_TOKEN = "APP_USR-1234567890123456-112709-0a1b2c3d4e5f60718293a4b5c6d7e8f9-123456789";
    /** The webhook secret {@link #context()} holds. */
    public static final String WEBHOOK_SECRET = "mp-webhook-secret-for-tests";
    /** The tenant of {@link #context()}. */
    public static final String TENANT = "tenant-mp";

    private final WireMockServer server;

    /** Starts the server on a free port. */
    public MercadoPagoStub() {
        server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
    }

    /** The WireMock server, to {@code verify(...)} requests or add stubs of one's own. */
    public WireMockServer server() {
        return server;
    }

    /** The base URL to give {@link MercadoPagoGateway}'s constructor. */
    public URI baseUrl() {
        return URI.create(server.baseUrl());
    }

    /** A gateway against this server: 1 s to connect, 2 s to read. */
    public MercadoPagoGateway gateway() {
        return gateway(Duration.ofSeconds(2));
    }

    /** A gateway against this server with the given read timeout (short, to provoke an unknown outcome). */
    public MercadoPagoGateway gateway(Duration readTimeout) {
        return new MercadoPagoGateway(baseUrl(), Duration.ofSeconds(1), readTimeout);
    }

    /** The credentials a tenant stores for Mercado Pago: {@code accessToken}. */
    public Map<String, String> credentials() {
        return Map.of(MercadoPagoGateway.ACCESS_TOKEN, ACCESS_TOKEN);
    }

    /** The webhook secret ("secret signature") a tenant stores. */
    public String webhookSecret() {
        return WEBHOOK_SECRET;
    }

    /** A live (not sandbox) context with {@link #credentials()} and {@link #webhookSecret()}. */
    public GatewayContext context() {
        return new GatewayContext(TENANT, false, credentials(), WEBHOOK_SECRET);
    }

    /**
     * Payment creation succeeds: {@code 201} with status {@code authorized} / {@code pending_capture} when the request
     * says {@code capture: false}, {@code approved} / {@code accredited} when it says {@code capture: true}.
     */
    public void approveAuthorize(long mpPaymentId) {
        server.stubFor(createPayment().withRequestBody(matchingJsonPath("$.capture", equalTo("false")))
                .willReturn(json(201, payment(mpPaymentId, "authorized", "pending_capture", false))));
        server.stubFor(createPayment().withRequestBody(matchingJsonPath("$.capture", equalTo("true")))
                .willReturn(json(201, payment(mpPaymentId, "approved", "accredited", true))));
    }

    /** Payment creation is a card decline: {@code 201} with status {@code rejected} and this {@code status_detail}. */
    public void declineAuthorize(long mpPaymentId, String statusDetail) {
        server.stubFor(createPayment().willReturn(json(201, payment(mpPaymentId, "rejected", statusDetail, false))));
    }

    /** Payment creation is under review: {@code 201} with status {@code in_process} / {@code pending_contingency}. */
    public void pendAuthorize(long mpPaymentId) {
        server.stubFor(createPayment().willReturn(json(201, payment(mpPaymentId, "in_process", "pending_contingency", false))));
    }

    /** Payment creation is refused as a bad request ({@code 400}) with one cause, e.g. 2006 "Card Token not found". */
    public void rejectAuthorize(int causeCode, String description) {
        server.stubFor(createPayment().willReturn(json(400, error(400, "bad_request", "Invalid card token", causeCode, description))));
    }

    /** Payment creation answers approved, but only after {@code delay}: longer than the read timeout, it times out. */
    public void timeOutAuthorize(long mpPaymentId, Duration delay) {
        server.stubFor(createPayment().willReturn(json(201, payment(mpPaymentId, "approved", "accredited", true))
                .withFixedDelay((int) delay.toMillis())));
    }

    /** Every request answers {@code 500} with Mercado Pago's error body ({@code error: internal_error}). */
    public void failWithServerError() {
        server.stubFor(any(anyUrl()).willReturn(json(500, error(500, "internal_error", "internal_error", null, null))));
    }

    /** Every request answers {@code 429} ({@code error: too_many_requests}). */
    public void rateLimit() {
        server.stubFor(any(anyUrl()).willReturn(json(429, error(429, "too_many_requests", "Too many requests", null, null))));
    }

    /** {@code GET /v1/payments/{id}} answers the payment with this status and {@code status_detail}. */
    public void resolveStatusAs(long mpPaymentId, String status, String statusDetail) {
        resolveStatusAs(mpPaymentId, status, statusDetail, null);
    }

    /**
     * {@code GET /v1/payments/{id}} answers the payment with this status, carrying {@code platformPaymentId} as
     * external reference and metadata (as the gateway sends them), or none when null.
     */
    public void resolveStatusAs(long mpPaymentId, String status, String statusDetail, String platformPaymentId) {
        server.stubFor(get(urlEqualTo("/v1/payments/" + mpPaymentId)).withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN))
                .willReturn(json(200, payment(mpPaymentId, status, statusDetail, "approved".equals(status),
                        platformPaymentId, null))));
    }

    /**
     * {@code GET /v1/payments/search?external_reference=<platformPaymentId>} finds one payment created with this
     * idempotency key (in its metadata), in this status.
     */
    public void resolveSearchAs(String platformPaymentId, String idempotencyKey, long mpPaymentId, String status,
                                String statusDetail) {
        String result = payment(mpPaymentId, status, statusDetail, "approved".equals(status), platformPaymentId, idempotencyKey);
        server.stubFor(search(platformPaymentId).willReturn(json(200,
                "{\"paging\":{\"total\":1,\"limit\":30,\"offset\":0},\"results\":[" + result + "]}")));
    }

    /** The payment search finds nothing for this platform payment id. */
    public void resolveSearchAsEmpty(String platformPaymentId) {
        server.stubFor(search(platformPaymentId).willReturn(json(200,
                "{\"paging\":{\"total\":0,\"limit\":30,\"offset\":0},\"results\":[]}")));
    }

    /** {@code PUT /v1/payments/{id}} with {@code capture: true} answers the payment {@code approved} / {@code accredited}. */
    public void approveCapture(long mpPaymentId) {
        server.stubFor(put(urlEqualTo("/v1/payments/" + mpPaymentId))
                .withRequestBody(matchingJsonPath("$.capture", equalTo("true")))
                .willReturn(json(200, payment(mpPaymentId, "approved", "accredited", true))));
    }

    /** {@code PUT /v1/payments/{id}} with {@code status: cancelled} answers the payment {@code cancelled} / {@code by_collector}. */
    public void approveVoid(long mpPaymentId) {
        server.stubFor(put(urlEqualTo("/v1/payments/" + mpPaymentId))
                .withRequestBody(matchingJsonPath("$.status", equalTo("cancelled")))
                .willReturn(json(200, payment(mpPaymentId, "cancelled", "by_collector", false))));
    }

    /**
     * {@code POST /v1/payments/{id}/refunds} sent with this idempotency key answers {@code 201} with a refund of this
     * id and amount (major units, e.g. {@code "30.00"}) in status {@code approved}.
     */
    public void approveRefund(long mpPaymentId, String idempotencyKey, long refundId, String amount) {
        server.stubFor(post(urlEqualTo("/v1/payments/" + mpPaymentId + "/refunds"))
                .withHeader("X-Idempotency-Key", equalTo(idempotencyKey))
                .willReturn(json(201, refund(mpPaymentId, refundId, amount, "approved"))));
    }

    /** {@code GET /v1/payments/{id}/refunds/{refund_id}} answers the refund in this status. */
    public void resolveRefundAs(long mpPaymentId, long refundId, String amount, String status) {
        server.stubFor(get(urlEqualTo("/v1/payments/" + mpPaymentId + "/refunds/" + refundId))
                .willReturn(json(200, refund(mpPaymentId, refundId, amount, status))));
    }

    /** How many payment creations ({@code POST /v1/payments}) the server received. */
    public int chargesMade() {
        return server.findAll(postRequestedFor(urlEqualTo("/v1/payments"))).size();
    }

    /** A {@code payment} notification as Mercado Pago posts it: {@code action} is payment.created or payment.updated. */
    public static String paymentNotification(long notificationId, long mpPaymentId, String action) {
        return """
                {"id":%d,"live_mode":true,"type":"payment","date_created":"2026-11-27T10:04:58.396-04:00",\
                "user_id":44444,"api_version":"v1","action":"%s","data":{"id":"%d"}}""".formatted(notificationId, action, mpPaymentId);
    }

    /** The {@code x-signature} header Mercado Pago sends: {@code ts=<seconds>,v1=<HMAC-SHA256 hex of the manifest>}. */
    public static String signature(String secret, String dataId, String requestId, Instant signedAt) {
        String ts = Long.toString(signedAt.getEpochSecond());
        return "ts=" + ts + ",v1=" + MercadoPagoGateway.hmacHex(secret, MercadoPagoGateway.manifest(dataId, requestId, ts));
    }

    /**
     * A webhook call signed with {@link #webhookSecret()} at {@code signedAt}, received now with 5 minutes' tolerance:
     * query {@code data.id=<dataId>&type=payment}, headers {@code x-signature}, {@code x-request-id}.
     */
    public WebhookRequest webhook(String dataId, String requestId, Instant signedAt, String body) {
        return new WebhookRequest(
                Map.of("x-signature", List.of(signature(WEBHOOK_SECRET, dataId, requestId, signedAt)),
                        "x-request-id", List.of(requestId), "Content-Type", List.of("application/json")),
                Map.of("data.id", List.of(dataId), "type", List.of("payment")),
                body.getBytes(StandardCharsets.UTF_8), Instant.now(), Duration.ofMinutes(5));
    }

    /** Stops the server. */
    @Override
    public void close() {
        server.stop();
    }

    private static MappingBuilder createPayment() {
        return post(urlEqualTo("/v1/payments")).withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN));
    }

    private static MappingBuilder search(String platformPaymentId) {
        return get(urlPathEqualTo("/v1/payments/search")).withQueryParam("external_reference", equalTo(platformPaymentId));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static String payment(long id, String status, String statusDetail, boolean captured) {
        return payment(id, status, statusDetail, captured, null, null);
    }

    /** A payment in the shape of {@code GET /v1/payments/{id}}, with the fields the gateway reads and their usual neighbours. */
    private static String payment(long id, String status, String statusDetail, boolean captured, String externalReference,
                                  String idempotencyKey) {
        String metadata = externalReference == null ? "{}"
                : "{\"baseplate_payment_id\":\"" + externalReference + "\""
                        + (idempotencyKey == null ? "" : ",\"baseplate_idempotency_key\":\"" + idempotencyKey + "\"") + "}";
        return """
                {"id":%d,"date_created":"2026-11-27T10:04:58.396-04:00","date_approved":null,\
                "date_last_updated":"2026-11-27T10:04:58.396-04:00","money_release_date":null,\
                "payment_method_id":"visa","payment_type_id":"credit_card","status":"%s","status_detail":"%s",\
                "currency_id":"BRL","description":"Order 1042","live_mode":true,"captured":%s,\
                "external_reference":%s,"transaction_amount":100.5,"transaction_amount_refunded":0,\
                "installments":1,"metadata":%s,"payer":{"email":"buyer@example.com"},"refunds":[]}"""
                .formatted(id, status, statusDetail, captured,
                        externalReference == null ? "null" : "\"" + externalReference + "\"", metadata);
    }

    /** A refund in the shape of {@code POST /v1/payments/{id}/refunds}. */
    private static String refund(long paymentId, long refundId, String amount, String status) {
        return """
                {"id":%d,"payment_id":%d,"amount":%s,"metadata":{},"source":{"id":"123456789","name":"Test Seller",\
                "type":"collector"},"date_created":"2026-11-27T11:00:00.000-04:00","unique_sequence_number":null,\
                "refund_mode":"standard","adjustment_amount":0,"status":"%s","reason":null,"labels":[],\
                "amount_refunded_to_payer":%s,"partition_details":[]}""".formatted(refundId, paymentId, amount, status, amount);
    }

    /** Mercado Pago's error body. */
    private static String error(int status, String error, String message, Integer causeCode, String causeDescription) {
        String cause = causeCode == null ? "[]" : "[{\"code\":" + causeCode + ",\"description\":\"" + causeDescription + "\",\"data\":null}]";
        return "{\"message\":\"" + message + "\",\"error\":\"" + error + "\",\"status\":" + status + ",\"cause\":" + cause + "}";
    }
}
