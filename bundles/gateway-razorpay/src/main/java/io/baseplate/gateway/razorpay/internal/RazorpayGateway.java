package io.baseplate.gateway.razorpay.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import com.fasterxml.jackson.databind.JsonNode;

import io.baseplate.api.payment.AuthorizeRequest;
import io.baseplate.api.payment.CaptureRequest;
import io.baseplate.api.payment.GatewayCapabilities;
import io.baseplate.api.payment.GatewayContext;
import io.baseplate.api.payment.GatewayCurrencies;
import io.baseplate.api.payment.GatewayException;
import io.baseplate.api.payment.GatewayException.Kind;
import io.baseplate.api.payment.GatewayId;
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
import io.baseplate.gateway.razorpay.internal.RazorpayApi.ApiKey;

/**
 * Razorpay payments through Standard Checkout, in INR and the international currencies Razorpay settles
 * ({@value #ID}).
 *
 * <h2>How a payment flows</h2>
 * The merchant's server creates a Razorpay order ({@code POST /v1/orders}, amount in the currency's minor
 * unit, {@code receipt} set to the platform payment id, and {@code notes.baseplate_payment_id} set to it
 * too, so that webhooks can name the payment) and opens Checkout with it. Checkout returns
 * {@code razorpay_order_id}, {@code razorpay_payment_id} and {@code razorpay_signature}; the client passes
 * them to the platform as the payment method, joined by {@code |}:
 * <pre>order_EKwxwAgItmmXdp|pay_29QQoUBi66xm2f|9ef4dffbfd84f1318f6739a3ce19f9d85851857ae648f114332d8401e0949a3d</pre>
 * {@link #authorize} then
 * <ol>
 *   <li>verifies the signature (hex HMAC-SHA256 of {@code order_id|payment_id} keyed with the key secret):
 *       a token that is not of this form is declined with {@code invalid_token}, a wrong signature with
 *       {@code invalid_signature}, and nothing is captured;</li>
 *   <li>fetches the payment ({@code GET /v1/payments/{id}}) and declines it with {@code order_mismatch} or
 *       {@code amount_mismatch} unless it belongs to that order and is for exactly the requested amount and
 *       currency;</li>
 *   <li>maps its status: {@code authorized} is AUTHORIZED, {@code captured} (the account or the order
 *       captures automatically) CAPTURED, {@code failed} DECLINED with the payment's {@code error_reason}
 *       (else {@code error_code}) and {@code error_description};</li>
 *   <li>when the request says capture and the payment is {@code authorized}, captures it
 *       ({@code POST /v1/payments/{id}/capture} with {@code amount} and {@code currency}). If that capture
 *       fails without Razorpay acting (5xx, 429, unreachable), the authorize call ends OUTCOME_UNKNOWN rather
 *       than RETRYABLE: the buyer's money is reserved at Razorpay, so no other gateway may be tried, and
 *       {@link #status} finishes the capture.</li>
 * </ol>
 *
 * <h2>Operations</h2>
 * <ul>
 *   <li>{@link #capture}: {@code POST /v1/payments/{id}/capture}. Razorpay captures the whole authorized
 *       amount only, so {@link GatewayCapabilities#partialCapture()} is false.</li>
 *   <li>{@link #voidAuthorization}: Razorpay has no API to release an authorization; it refunds an uncaptured
 *       payment by itself when the account's auto-refund period ends. The call is refused with
 *       {@link Kind#REJECTED} and code {@value #VOID_NOT_SUPPORTED}.</li>
 *   <li>{@link #refund}: {@code POST /v1/payments/{id}/refund} with {@code amount}, {@code speed=normal} and
 *       {@code notes.baseplate_payment_id}, carrying the request's idempotency key in the
 *       {@code X-Refund-Idempotency} header (Razorpay's rule is at least 10 letters, digits, {@code -} or
 *       {@code _}; a key outside it is sent as the first 32 hex digits of its SHA-256, the same on every
 *       retry). Partial refunds, several per payment. The refund's {@code processed} is REFUNDED,
 *       {@code pending} PROCESSING, {@code failed} DECLINED ({@code refund_failed}).</li>
 * </ul>
 * Razorpay documents an idempotency header for refunds only. Captures need none (Razorpay refuses to
 * capture a payment twice), and authorize creates nothing: the payment already exists when it is called.
 *
 * <h2>{@link #status}</h2>
 * <ul>
 *   <li>AUTHORIZE: runs the authorize steps again with the payment method (the Checkout token): a payment
 *       that turns out captured is reported so, one still {@code authorized} is captured when the request
 *       said capture. Without a token it fetches the payment by its reference.</li>
 *   <li>CAPTURE: fetches the payment; if it is still {@code authorized} the capture never took effect and
 *       is sent again.</li>
 *   <li>VOID: fetches the payment ({@code refunded} and never captured is VOIDED).</li>
 *   <li>REFUND: with a refund reference ({@code rfnd_...}) {@code GET /v1/refunds/{id}}; without one, the
 *       refund is sent again with the same body and the same {@code X-Refund-Idempotency} key, which
 *       Razorpay answers with the refund it already made instead of refunding twice (the payment id comes
 *       from the Checkout token). A 409 (the first request still in progress) is OUTCOME_UNKNOWN.</li>
 * </ul>
 * A fetched payment maps as: {@code created} PROCESSING, {@code authorized} AUTHORIZED, {@code captured}
 * CAPTURED, {@code refunded} REFUNDED (or VOIDED when it was never captured), {@code failed} DECLINED.
 *
 * <h2>Credentials and configuration</h2>
 * The tenant stores {@value #KEY_ID} (e.g. {@code rzp_live_...}) and {@value #KEY_SECRET}, sent as HTTP
 * Basic credentials and used to verify Checkout signatures, and the webhook secret set on the Razorpay
 * Dashboard as the platform's webhook secret. Configuration (PID {@value #PID}, optional): {@code baseUrl},
 * {@code connectTimeoutMillis}, {@code readTimeoutMillis}.
 *
 * <h2>Errors</h2>
 * Unreachable (connection refused, connect timeout) is RETRYABLE; no answer after sending (read timeout, a
 * connection cut) OUTCOME_UNKNOWN; HTTP 5xx ({@code SERVER_ERROR}) and 429 RETRYABLE; 409 OUTCOME_UNKNOWN;
 * other 4xx ({@code BAD_REQUEST_ERROR}, bad credentials) REJECTED; the code is Razorpay's
 * {@code error.code}, or the HTTP status. A 2xx body that is not JSON is OUTCOME_UNKNOWN.
 *
 * <h2>Webhooks</h2>
 * {@code X-Razorpay-Signature} must be the hex HMAC-SHA256 of the raw body keyed with the webhook secret.
 * Razorpay signs no timestamp header, so freshness is judged by the body's {@code created_at} (Unix
 * seconds), read after the signature proved the body genuine. Razorpay retries a failed delivery for up to
 * 24 hours after {@code created_at}: a retry later than the platform's tolerance is rejected. The event id
 * is the {@code X-Razorpay-Event-Id} header. Mapped events: {@code payment.authorized} (AUTHORIZE,
 * AUTHORIZED), {@code payment.captured} (CAPTURE, CAPTURED), {@code payment.failed} (AUTHORIZE, DECLINED),
 * {@code refund.processed} (REFUND, REFUNDED), {@code refund.failed} (REFUND, DECLINED); every other event
 * is acknowledged and ignored. The platform payment id is the entity's {@code notes.baseplate_payment_id}
 * (a refund's own notes first, then its payment's), or null when the notes lack it; the result's reference
 * is the payment's (or the refund's) Razorpay id.
 *
 * <p>In sandbox mode every operation answers as {@link SandboxProcessor} does, without any network call.
 */
@Component(configurationPid = RazorpayGateway.PID)
@Designate(ocd = RazorpayGateway.Config.class)
@GatewayId(RazorpayGateway.ID)
@GatewayCurrencies({"INR", "USD", "EUR", "GBP", "SGD", "AED"})
public class RazorpayGateway implements PaymentGateway {

    static final String ID = "razorpay";
    static final String PID = "io.baseplate.gateway.razorpay";

    /** Credential: the API key id, e.g. {@code rzp_live_ILgsfZCZoFIKMb}. */
    public static final String KEY_ID = "keyId";
    /** Credential: the API key secret; also the key of Checkout signatures. */
    public static final String KEY_SECRET = "keySecret";

    /** The note, on orders, payments and refunds, that names the platform payment. */
    public static final String PAYMENT_ID_NOTE = "baseplate_payment_id";

    static final String VOID_NOT_SUPPORTED = "void_not_supported";
    static final String REFUND_IDEMPOTENCY_HEADER = "X-Refund-Idempotency";

    private static final GatewayCapabilities CAPABILITIES = new GatewayCapabilities(
            Set.of("INR", "USD", "EUR", "GBP", "SGD", "AED"), Set.of(), Set.of("card", "upi", "netbanking", "wallet"),
            true, false, true);

    private static final Pattern RAZORPAY_IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9_-]{10,}");

    @ObjectClassDefinition(name = "Baseplate gateway: Razorpay",
            description = "Where the Razorpay API is and how long to wait for it. Credentials are the tenants' own.")
    public @interface Config {

        @AttributeDefinition(name = "Base URL", description = "The Razorpay API, without the /v1 path.")
        String baseUrl() default "https://api.razorpay.com";

        @AttributeDefinition(name = "Connect timeout (ms)", description = "How long to wait for the TCP and TLS connection.", min = "1")
        int connectTimeoutMillis() default 3000;

        @AttributeDefinition(name = "Read timeout (ms)", description = "How long to wait for each answer; "
                + "past it the outcome of a call is unknown and asked later.", min = "1")
        int readTimeoutMillis() default 10000;
    }

    private final RazorpayApi api;
    private final SandboxProcessor sandbox = new SandboxProcessor(ID);

    @Activate
    public RazorpayGateway(Config config) {
        this(URI.create(config.baseUrl()), Duration.ofMillis(config.connectTimeoutMillis()),
                Duration.ofMillis(config.readTimeoutMillis()));
    }

    /** A gateway talking to the Razorpay API at {@code baseUrl} (a test server, for instance). */
    public RazorpayGateway(URI baseUrl, Duration connectTimeout, Duration readTimeout) {
        this.api = new RazorpayApi(baseUrl, connectTimeout, readTimeout);
    }

    @Override
    public GatewayCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public GatewayResult authorize(GatewayContext context, AuthorizeRequest request) throws GatewayException {
        if (context.sandbox()) {
            return sandbox.authorize(request);
        }
        return authorizeCheckoutPayment(apiKey(context), request.paymentMethod(), request.amount(), request.capture());
    }

    @Override
    public GatewayResult capture(GatewayContext context, CaptureRequest request) throws GatewayException {
        if (context.sandbox()) {
            return sandbox.capture(request);
        }
        return paymentResult(capturePayment(apiKey(context), request.providerReference(), request.amount()));
    }

    @Override
    public GatewayResult voidAuthorization(GatewayContext context, VoidRequest request) throws GatewayException {
        if (context.sandbox()) {
            return sandbox.voidAuthorization(request);
        }
        throw new GatewayException(Kind.REJECTED, VOID_NOT_SUPPORTED, "Razorpay cannot release an authorization; "
                + "it refunds an uncaptured payment by itself after the account's auto-refund period");
    }

    @Override
    public GatewayResult refund(GatewayContext context, RefundRequest request) throws GatewayException {
        if (context.sandbox()) {
            return sandbox.refund(request);
        }
        return refundPayment(apiKey(context), request.providerReference(), request.paymentId(),
                request.idempotencyKey(), request.amount());
    }

    @Override
    public GatewayResult status(GatewayContext context, StatusRequest request) throws GatewayException {
        if (context.sandbox()) {
            return sandbox.status(request);
        }
        ApiKey key = apiKey(context);
        return switch (request.operation()) {
            case AUTHORIZE -> statusOfAuthorize(key, request);
            case CAPTURE -> statusOfCapture(key, request);
            case VOID -> paymentResult(api.get(key, paymentPath(paymentReference(request))));
            case REFUND -> statusOfRefund(key, request);
        };
    }

    @Override
    public WebhookEvent verifyWebhook(GatewayContext context, WebhookRequest request) throws WebhookRejectedException {
        String secret = context.webhookSecret();
        if (secret == null || secret.isBlank()) {
            throw new WebhookRejectedException("No Razorpay webhook secret is stored for this tenant");
        }
        String signature = request.header("X-Razorpay-Signature");
        if (signature == null || signature.isBlank()) {
            throw new WebhookRejectedException("The call has no X-Razorpay-Signature header");
        }
        byte[] body = request.body();
        if (!Signatures.matches(secret, body, signature)) {
            throw new WebhookRejectedException("X-Razorpay-Signature does not match the body");
        }
        JsonNode event = readEvent(body);
        // created_at is inside the signed body, so it can be trusted now and not before.
        JsonNode createdAt = event.path("created_at");
        if (!createdAt.canConvertToLong()) {
            throw new WebhookRejectedException("The signed Razorpay event has no created_at");
        }
        Instant created = Instant.ofEpochSecond(createdAt.asLong());
        if (!request.isFresh(created)) {
            throw new WebhookRejectedException("The Razorpay event was created at " + created
                    + ", outside the tolerance: a replay, or a retry too late to accept");
        }
        String eventId = request.header("X-Razorpay-Event-Id");
        if (eventId == null || eventId.isBlank()) {
            throw new WebhookRejectedException("The call has no X-Razorpay-Event-Id header");
        }
        return webhookEvent(eventId, event);
    }

    private GatewayResult authorizeCheckoutPayment(ApiKey key, String paymentMethod, Money amount, boolean capture)
            throws GatewayException {
        CheckoutToken token = CheckoutToken.parse(paymentMethod);
        if (token == null) {
            return GatewayResult.declined(null, "invalid_token",
                    "Not a Razorpay Checkout result (razorpay_order_id|razorpay_payment_id|razorpay_signature)");
        }
        if (!token.isSignedWith(key.keySecret())) {
            return GatewayResult.declined(token.paymentId(), "invalid_signature",
                    "The Checkout signature does not match the order and payment");
        }
        JsonNode payment = api.get(key, paymentPath(token.paymentId()));
        if (!token.orderId().equals(payment.path("order_id").asText(null))) {
            return GatewayResult.declined(token.paymentId(), "order_mismatch",
                    "The Razorpay payment does not belong to the order in the token");
        }
        long paidMinorUnits = payment.path("amount").asLong(-1);
        String paidCurrency = payment.path("currency").asText("");
        if (paidMinorUnits != amount.minorUnits() || !paidCurrency.equals(amount.currency())) {
            return GatewayResult.declined(token.paymentId(), "amount_mismatch", "The Razorpay payment is for "
                    + paidMinorUnits + " minor units of " + paidCurrency + ", not " + amount);
        }
        if (capture && "authorized".equals(payment.path("status").asText())) {
            try {
                payment = capturePayment(key, token.paymentId(), amount);
            } catch (GatewayException e) {
                if (e.kind() == Kind.RETRYABLE) {
                    throw new GatewayException(Kind.OUTCOME_UNKNOWN, e.code(),
                            "Authorized; the capture failed and will be retried: " + e.getMessage(), e);
                }
                throw e;
            }
        }
        return paymentResult(payment);
    }

    private JsonNode capturePayment(ApiKey key, String paymentId, Money amount) throws GatewayException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("amount", amount.minorUnits());
        body.put("currency", amount.currency());
        return api.post(key, paymentPath(paymentId) + "/capture", body, Map.of());
    }

    /**
     * The body holds only what {@link #status} can rebuild from a {@link StatusRequest}: Razorpay refuses a
     * retry whose body differs from the first request with the same idempotency key.
     */
    private GatewayResult refundPayment(ApiKey key, String razorpayPaymentId, String paymentId, String idempotencyKey,
                                        Money amount) throws GatewayException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("amount", amount.minorUnits());
        body.put("speed", "normal");
        body.put("notes", Map.of(PAYMENT_ID_NOTE, paymentId));
        JsonNode refund = api.post(key, paymentPath(razorpayPaymentId) + "/refund", body,
                Map.of(REFUND_IDEMPOTENCY_HEADER, refundIdempotencyKey(idempotencyKey)));
        return refundResult(refund);
    }

    private GatewayResult statusOfAuthorize(ApiKey key, StatusRequest request) throws GatewayException {
        if (CheckoutToken.parse(request.paymentMethod()) != null) {
            return authorizeCheckoutPayment(key, request.paymentMethod(), request.amount(), request.capture());
        }
        return paymentResult(api.get(key, paymentPath(paymentReference(request))));
    }

    private GatewayResult statusOfCapture(ApiKey key, StatusRequest request) throws GatewayException {
        String razorpayPaymentId = paymentReference(request);
        JsonNode payment = api.get(key, paymentPath(razorpayPaymentId));
        if ("authorized".equals(payment.path("status").asText())) {
            // Razorpay never captures a payment twice, so sending the capture again is safe.
            payment = capturePayment(key, razorpayPaymentId, request.amount());
        }
        return paymentResult(payment);
    }

    private GatewayResult statusOfRefund(ApiKey key, StatusRequest request) throws GatewayException {
        String reference = request.providerReference();
        if (reference != null && reference.startsWith("rfnd_")) {
            return refundResult(api.get(key, "/v1/refunds/" + requireRazorpayId(reference)));
        }
        return refundPayment(key, paymentReference(request), request.paymentId(), request.idempotencyKey(),
                request.amount());
    }

    /** The Razorpay payment id of a status request: its payment reference, else the Checkout token's. */
    private static String paymentReference(StatusRequest request) throws GatewayException {
        String reference = request.providerReference();
        if (reference != null && !reference.startsWith("rfnd_")) {
            return reference;
        }
        CheckoutToken token = CheckoutToken.parse(request.paymentMethod());
        if (token == null) {
            throw new GatewayException(Kind.REJECTED, "unresolvable",
                    "Neither a Razorpay payment reference nor a Checkout token names the payment");
        }
        return token.paymentId();
    }

    private static GatewayResult paymentResult(JsonNode payment) throws GatewayException {
        String id = payment.path("id").asText(null);
        String status = payment.path("status").asText("");
        return switch (status) {
            case "created" -> new GatewayResult(Outcome.PROCESSING, id, status, "The buyer has not completed the payment");
            case "authorized" -> new GatewayResult(Outcome.AUTHORIZED, id, status, null);
            case "captured" -> new GatewayResult(Outcome.CAPTURED, id, status, null);
            case "refunded" -> new GatewayResult(payment.path("captured").asBoolean() ? Outcome.REFUNDED : Outcome.VOIDED,
                    id, status, null);
            case "failed" -> GatewayResult.declined(id, declineCode(payment), payment.path("error_description").asText(null));
            default -> throw new GatewayException(Kind.OUTCOME_UNKNOWN, status,
                    "Razorpay answered with a payment in an unexpected status");
        };
    }

    private static String declineCode(JsonNode payment) {
        String reason = payment.path("error_reason").asText("");
        if (!reason.isBlank()) {
            return reason;
        }
        String code = payment.path("error_code").asText("");
        return code.isBlank() ? "payment_failed" : code;
    }

    private static GatewayResult refundResult(JsonNode refund) throws GatewayException {
        String id = refund.path("id").asText(null);
        String status = refund.path("status").asText("");
        return switch (status) {
            case "processed" -> new GatewayResult(Outcome.REFUNDED, id, status, null);
            case "pending" -> new GatewayResult(Outcome.PROCESSING, id, status, null);
            case "failed" -> GatewayResult.declined(id, "refund_failed", "Razorpay could not process the refund");
            default -> throw new GatewayException(Kind.OUTCOME_UNKNOWN, status,
                    "Razorpay answered with a refund in an unexpected status");
        };
    }

    private static WebhookEvent webhookEvent(String eventId, JsonNode event) throws WebhookRejectedException {
        String type = event.path("event").asText("");
        JsonNode payment = event.path("payload").path("payment").path("entity");
        JsonNode refund = event.path("payload").path("refund").path("entity");
        return switch (type) {
            case "payment.authorized" -> new WebhookEvent(eventId, paymentIdNote(payment), Operation.AUTHORIZE,
                    GatewayResult.of(Outcome.AUTHORIZED, entityId(type, payment)));
            case "payment.captured" -> new WebhookEvent(eventId, paymentIdNote(payment), Operation.CAPTURE,
                    GatewayResult.of(Outcome.CAPTURED, entityId(type, payment)));
            case "payment.failed" -> new WebhookEvent(eventId, paymentIdNote(payment), Operation.AUTHORIZE,
                    GatewayResult.declined(entityId(type, payment), declineCode(payment),
                            payment.path("error_description").asText(null)));
            case "refund.processed" -> new WebhookEvent(eventId, refundPaymentId(refund, payment), Operation.REFUND,
                    GatewayResult.of(Outcome.REFUNDED, entityId(type, refund)));
            case "refund.failed" -> new WebhookEvent(eventId, refundPaymentId(refund, payment), Operation.REFUND,
                    GatewayResult.declined(entityId(type, refund), "refund_failed", "Razorpay could not process the refund"));
            default -> WebhookEvent.ignored(eventId);
        };
    }

    private static String entityId(String type, JsonNode entity) throws WebhookRejectedException {
        String id = entity.path("id").asText("");
        if (id.isBlank()) {
            throw new WebhookRejectedException("The signed Razorpay " + type + " event has no entity id");
        }
        return id;
    }

    private static String refundPaymentId(JsonNode refund, JsonNode payment) {
        String fromRefund = paymentIdNote(refund);
        return fromRefund != null ? fromRefund : paymentIdNote(payment);
    }

    /** Razorpay sends empty notes as {@code []}, so a missing note is simply null. */
    private static String paymentIdNote(JsonNode entity) {
        String note = entity.path("notes").path(PAYMENT_ID_NOTE).asText("");
        return note.isBlank() ? null : note;
    }

    private static JsonNode readEvent(byte[] body) throws WebhookRejectedException {
        try {
            JsonNode event = RazorpayApi.parse(body);
            if (event != null && event.isObject()) {
                return event;
            }
        } catch (IOException unreadable) {
            // Answered below, with the same message as a body that is JSON but not an object.
        }
        throw new WebhookRejectedException("The signed body is not a Razorpay event: not a JSON object");
    }

    private static ApiKey apiKey(GatewayContext context) throws GatewayException {
        return new ApiKey(context.requireCredential(KEY_ID), context.requireCredential(KEY_SECRET));
    }

    private static String paymentPath(String razorpayPaymentId) throws GatewayException {
        return "/v1/payments/" + requireRazorpayId(razorpayPaymentId);
    }

    private static String requireRazorpayId(String id) throws GatewayException {
        if (!CheckoutToken.RAZORPAY_ID.matcher(id).matches()) {
            throw new GatewayException(Kind.REJECTED, "invalid_reference", "Not a Razorpay id: " + id);
        }
        return id;
    }

    /**
     * Razorpay takes idempotency keys of at least 10 letters, digits, {@code -} and {@code _}; any other key
     * is sent as the first 32 hex digits of its SHA-256, so a retry still sends the same key.
     */
    static String refundIdempotencyKey(String idempotencyKey) {
        if (RAZORPAY_IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            return idempotencyKey;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
