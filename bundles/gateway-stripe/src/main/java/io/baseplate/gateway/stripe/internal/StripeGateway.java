package io.baseplate.gateway.stripe.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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

/**
 * Card payments through Stripe's PaymentIntents and Refunds API ({@code https://api.stripe.com/v1}), in the
 * tenant's own Stripe account.
 *
 * <h2>Credentials</h2>
 * One credential, stored by the tenant for gateway {@value #ID}: {@value #SECRET_KEY}, the account's secret
 * (or restricted) API key, {@code sk_live_...} or {@code sk_test_...}; it is sent as
 * {@code Authorization: Bearer}. The webhook signing secret of the tenant's endpoint ({@code whsec_...}) is
 * stored as the tenant's webhook secret. Nothing secret is configured on the component.
 *
 * <h2>Configuration</h2>
 * PID {@value #PID}, optional ({@link Config}): {@code baseUrl} (default {@code https://api.stripe.com}),
 * {@code connectTimeoutMillis} (3000), {@code readTimeoutMillis} (10000, the longest wait for an answer).
 *
 * <h2>Requests</h2>
 * Form-encoded, with {@code Stripe-Version: }{@value #API_VERSION} so that every tenant's answers have the same
 * shape whatever their account's default version, and the platform's idempotency key as
 * {@code Idempotency-Key} on every POST (Stripe replays its stored answer to a repeated key for 24 hours).
 * <ul>
 *   <li>authorize: {@code POST /v1/payment_intents} with {@code amount}, {@code currency} (lower case),
 *       {@code payment_method} (the token), {@code confirm=true}, {@code capture_method} {@code manual} or
 *       {@code automatic}, {@code metadata[baseplate_payment_id]}, {@code metadata[baseplate_idempotency_key]}
 *       and, when the merchant gave one, {@code description} and {@code metadata[reference]}. Status
 *       {@code requires_capture} is AUTHORIZED, {@code succeeded} CAPTURED, {@code processing} PROCESSING; a
 *       {@code card_error} (HTTP 402) or a PaymentIntent left in {@code requires_payment_method},
 *       {@code requires_action} or {@code canceled} with a payment error is DECLINED with Stripe's
 *       {@code decline_code} (else its {@code code}). 3-D Secure ({@code requires_action}) is not supported: such
 *       a payment is declined with code {@code requires_action} and expires unpaid at Stripe.</li>
 *   <li>capture: {@code POST /v1/payment_intents/{id}/capture} with {@code amount_to_capture}; less than was
 *       authorized releases the rest.</li>
 *   <li>void: {@code POST /v1/payment_intents/{id}/cancel}.</li>
 *   <li>refund: {@code POST /v1/refunds} with {@code payment_intent}, {@code amount} and
 *       {@code metadata[baseplate_payment_id]}, {@code metadata[baseplate_refund_id]},
 *       {@code metadata[baseplate_idempotency_key]}; the result's reference is the refund's id ({@code re_...}).
 *       Refund status {@code succeeded} is REFUNDED, {@code pending} and {@code requires_action} PROCESSING,
 *       {@code failed} and {@code canceled} DECLINED (code: Stripe's {@code failure_reason}).</li>
 * </ul>
 * Amounts are our minor units unchanged: Stripe counts zero-decimal currencies (JPY) in whole units and the
 * others listed here in hundredths, as ISO 4217 does. (Stripe's three-decimal currencies, such as KWD, take
 * thousandths that must be a multiple of 10; none of them is offered.)
 *
 * <h2>Errors</h2>
 * No connection, HTTP 5xx and 429 are {@link Kind#RETRYABLE}; a read timeout, a connection lost after sending,
 * an unreadable success body and HTTP 409 (another request with the same key still running) are
 * {@link Kind#OUTCOME_UNKNOWN}; any other 4xx is {@link Kind#REJECTED}. The exception's code is Stripe's
 * {@code error.code}, or the HTTP status when Stripe gives none.
 *
 * <h2>status()</h2>
 * <ul>
 *   <li>AUTHORIZE with a reference: {@code GET /v1/payment_intents/{id}}. Without one (the create never
 *       answered) the create is sent again with the same key, which Stripe answers with what it did the first
 *       time (or does now, if the first never arrived); it carries the same parameters, the merchant reference
 *       included. Should Stripe still refuse them as different ({@code idempotency_error}), the PaymentIntent
 *       is found with {@code GET /v1/payment_intents/search} on {@code metadata['baseplate_idempotency_key']},
 *       and while the search (which lags writes by up to a minute) finds nothing the outcome stays unknown.</li>
 *   <li>CAPTURE and VOID: the capture or cancel is sent again with the same key (replayed, or done now).</li>
 *   <li>REFUND: with a refund's id ({@code re_...}), {@code GET /v1/refunds/{id}}; with the payment's
 *       PaymentIntent id, {@code GET /v1/refunds?payment_intent=...} and the refund whose
 *       {@code metadata[baseplate_idempotency_key]} is the request's key; none there means Stripe made no such
 *       refund (DECLINED, code {@code refund_not_found}).</li>
 * </ul>
 *
 * <h2>Webhooks</h2>
 * The {@code Stripe-Signature} header ({@code t=<unix seconds>,v1=<hex>[,v1=...]}) must hold a {@code v1}
 * equal to HMAC-SHA256, keyed with the webhook secret, of {@code "<t>.<raw body>"}, and {@code t} must lie
 * within the request's tolerance. The event id is the event's {@code id} ({@code evt_...}), the payment id its
 * object's {@code metadata.baseplate_payment_id}. Mapped event types:
 * <ul>
 *   <li>{@code payment_intent.amount_capturable_updated}: AUTHORIZE, AUTHORIZED;</li>
 *   <li>{@code payment_intent.succeeded}: CAPTURED, as AUTHORIZE for an automatic-capture intent and as
 *       CAPTURE for a manual one;</li>
 *   <li>{@code payment_intent.payment_failed}: AUTHORIZE, DECLINED with the decline code;</li>
 *   <li>{@code payment_intent.canceled}: VOID, VOIDED;</li>
 *   <li>{@code refund.created} and {@code refund.updated}: REFUND with the refund's outcome and the refund's id
 *       as reference; while the refund is pending the event is ignored;</li>
 *   <li>{@code charge.refunded}: REFUND, REFUNDED, with the PaymentIntent's id as reference (the charge event
 *       does not say which refund; match refunds by the {@code refund.*} events).</li>
 * </ul>
 * Every other type is acknowledged and ignored. In sandbox mode webhooks are verified the same way.
 */
@Component(configurationPid = StripeGateway.PID)
@Designate(ocd = StripeGateway.Config.class)
@GatewayId(StripeGateway.ID)
@GatewayCurrencies({"USD", "EUR", "GBP", "CAD", "AUD", "JPY", "SGD", "CHF"})
public class StripeGateway implements PaymentGateway {

    static final String ID = "stripe";
    static final String PID = "io.baseplate.gateway.stripe";

    /** The name of the tenant's credential holding the Stripe secret key. */
    public static final String SECRET_KEY = "secretKey";

    /** The Stripe API version every request asks for. */
    static final String API_VERSION = "2025-04-30.basil";

    static final String PAYMENT_ID_METADATA = "baseplate_payment_id";
    static final String REFUND_ID_METADATA = "baseplate_refund_id";
    static final String IDEMPOTENCY_KEY_METADATA = "baseplate_idempotency_key";

    private static final GatewayCapabilities CAPABILITIES = new GatewayCapabilities(
            Set.of("USD", "EUR", "GBP", "CAD", "AUD", "JPY", "SGD", "CHF"), Set.of(), Set.of("card"),
            true, true, true);

    /** Longest provider text kept in a result or exception message. */
    private static final int MESSAGE_LIMIT = 200;

    private static final ObjectMapper JSON = new ObjectMapper();

    @ObjectClassDefinition(name = "Baseplate gateway: Stripe",
            description = "Where and how patiently the Stripe gateway calls Stripe. Each tenant's secret key is its own credential, never configured here.")
    public @interface Config {

        @AttributeDefinition(name = "API base URL", description = "Base URL of the Stripe API, without /v1.")
        String baseUrl() default "https://api.stripe.com";

        @AttributeDefinition(name = "Connect timeout (ms)", description = "How long to wait for the TCP and TLS connection; "
                + "past it the call counts as not sent and the tenant's next gateway may be tried.", min = "1")
        int connectTimeoutMillis() default 3000;

        @AttributeDefinition(name = "Read timeout (ms)", description = "How long to wait for Stripe's answer; past it the "
                + "outcome is unknown and is asked for later.", min = "1")
        int readTimeoutMillis() default 10_000;
    }

    private final SandboxProcessor sandbox = new SandboxProcessor(ID);
    private final URI baseUrl;
    private final Duration readTimeout;
    private final HttpClient http;

    @Activate
    public StripeGateway(Config config) {
        this(URI.create(config.baseUrl()), Duration.ofMillis(config.connectTimeoutMillis()),
                Duration.ofMillis(config.readTimeoutMillis()));
    }

    /**
     * @param baseUrl        the Stripe API's base URL, e.g. {@code https://api.stripe.com} or a test server's
     * @param connectTimeout how long to wait for a connection
     * @param readTimeout    how long to wait for an answer
     */
    public StripeGateway(URI baseUrl, Duration connectTimeout, Duration readTimeout) {
        String base = baseUrl.toString();
        this.baseUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.readTimeout = readTimeout;
        // HTTP/1.1: a call is one request, and plain-HTTP test servers then see no h2c upgrade.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
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
        if (!CAPABILITIES.currencies().contains(request.amount().currency())) {
            throw new GatewayException(Kind.REJECTED, "currency_not_supported",
                    "This gateway does not charge in " + request.amount().currency());
        }
        Map<String, String> form = paymentIntentForm(request.paymentId(), request.idempotencyKey(), request.amount(),
                request.paymentMethod(), request.capture(), request.reference());
        return paymentIntentAnswer(post(context, "/v1/payment_intents", form, request.idempotencyKey()));
    }

    @Override
    public GatewayResult capture(GatewayContext context, CaptureRequest request) throws GatewayException {
        if (context.sandbox()) {
            return sandbox.capture(request);
        }
        return paymentIntentAnswer(sendCapture(context, request.providerReference(), request.amount(), request.idempotencyKey()));
    }

    @Override
    public GatewayResult voidAuthorization(GatewayContext context, VoidRequest request) throws GatewayException {
        if (context.sandbox()) {
            return sandbox.voidAuthorization(request);
        }
        return paymentIntentAnswer(sendCancel(context, request.providerReference(), request.idempotencyKey()));
    }

    @Override
    public GatewayResult refund(GatewayContext context, RefundRequest request) throws GatewayException {
        if (context.sandbox()) {
            return sandbox.refund(request);
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("payment_intent", request.providerReference());
        form.put("amount", Long.toString(request.amount().minorUnits()));
        form.put("metadata[" + PAYMENT_ID_METADATA + "]", request.paymentId());
        form.put("metadata[" + REFUND_ID_METADATA + "]", request.refundId());
        form.put("metadata[" + IDEMPOTENCY_KEY_METADATA + "]", request.idempotencyKey());
        StripeResponse response = post(context, "/v1/refunds", form, request.idempotencyKey());
        return refundResult(successBody(response));
    }

    @Override
    public GatewayResult status(GatewayContext context, StatusRequest request) throws GatewayException {
        if (context.sandbox()) {
            return sandbox.status(request);
        }
        String reference = request.providerReference();
        return switch (request.operation()) {
            case AUTHORIZE -> reference != null
                    ? paymentIntentResult(successBody(get(context, "/v1/payment_intents/" + encode(reference))))
                    : resendAuthorize(context, request);
            case CAPTURE -> paymentIntentAnswer(sendCapture(context, requireReference(request), request.amount(),
                    request.idempotencyKey()));
            case VOID -> paymentIntentAnswer(sendCancel(context, requireReference(request), request.idempotencyKey()));
            case REFUND -> refundStatus(context, request);
        };
    }

    @Override
    public WebhookEvent verifyWebhook(GatewayContext context, WebhookRequest request) throws WebhookRejectedException {
        String secret = context.webhookSecret();
        if (secret == null || secret.isBlank()) {
            throw new WebhookRejectedException("No Stripe webhook signing secret is stored for this tenant");
        }
        String header = request.header("Stripe-Signature");
        if (header == null || header.isBlank()) {
            throw new WebhookRejectedException("The Stripe-Signature header is missing");
        }
        SignatureHeader signature = SignatureHeader.parse(header);
        byte[] body = request.body();
        byte[] expected = hmacSha256(secret, signedPayload(signature.timestamp(), body));
        if (signature.signatures().stream().noneMatch(candidate -> MessageDigest.isEqual(expected, candidate))) {
            throw new WebhookRejectedException("The Stripe-Signature does not match the body");
        }
        if (!request.isFresh(Instant.ofEpochSecond(signature.timestamp()))) {
            throw new WebhookRejectedException("The Stripe-Signature timestamp is outside the tolerance");
        }
        JsonNode event;
        try {
            event = JSON.readTree(body);
        } catch (IOException e) {
            throw new WebhookRejectedException("The signed Stripe webhook body is not JSON");
        }
        String eventId = text(event, "id");
        if (eventId == null) {
            throw new WebhookRejectedException("The signed Stripe webhook body is not an event: it has no id");
        }
        return webhookEvent(eventId, text(event, "type"), event.path("data").path("object"));
    }

    /** The signed payload Stripe's signature covers: the timestamp, a dot, and the raw body. */
    static byte[] signedPayload(long timestamp, byte[] body) {
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.US_ASCII);
        byte[] payload = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, payload, 0, prefix.length);
        System.arraycopy(body, 0, payload, prefix.length, body.length);
        return payload;
    }

    static byte[] hmacSha256(String secret, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java runtime", e);
        }
    }

    /** The parts of a {@code Stripe-Signature} header that matter: {@code t} and every {@code v1}. */
    private record SignatureHeader(long timestamp, List<byte[]> signatures) {

        static SignatureHeader parse(String header) throws WebhookRejectedException {
            Long timestamp = null;
            List<byte[]> signatures = new ArrayList<>();
            for (String element : header.split(",")) {
                int equals = element.indexOf('=');
                if (equals < 0) {
                    continue;
                }
                String name = element.substring(0, equals).trim();
                String value = element.substring(equals + 1).trim();
                try {
                    if (name.equals("t")) {
                        timestamp = Long.parseLong(value);
                    } else if (name.equals("v1")) {
                        signatures.add(HexFormat.of().parseHex(value));
                    }
                } catch (IllegalArgumentException malformed) {
                    // A malformed element matches nothing; the others may still verify.
                }
            }
            if (timestamp == null || signatures.isEmpty()) {
                throw new WebhookRejectedException("The Stripe-Signature header has no timestamp or no v1 signature");
            }
            return new SignatureHeader(timestamp, signatures);
        }
    }

    private static WebhookEvent webhookEvent(String eventId, String type, JsonNode object) throws WebhookRejectedException {
        String paymentId = text(object.path("metadata"), PAYMENT_ID_METADATA);
        String id = text(object, "id");
        if (type == null) {
            return WebhookEvent.ignored(eventId);
        }
        return switch (type) {
            case "payment_intent.amount_capturable_updated" ->
                    new WebhookEvent(eventId, paymentId, Operation.AUTHORIZE, GatewayResult.of(Outcome.AUTHORIZED, id));
            case "payment_intent.succeeded" -> new WebhookEvent(eventId, paymentId,
                    "manual".equals(text(object, "capture_method")) ? Operation.CAPTURE : Operation.AUTHORIZE,
                    GatewayResult.of(Outcome.CAPTURED, id));
            case "payment_intent.payment_failed" ->
                    new WebhookEvent(eventId, paymentId, Operation.AUTHORIZE, declined(id, object.path("last_payment_error")));
            case "payment_intent.canceled" ->
                    new WebhookEvent(eventId, paymentId, Operation.VOID, GatewayResult.of(Outcome.VOIDED, id));
            case "refund.created", "refund.updated" -> {
                GatewayResult result;
                try {
                    result = refundResult(object);
                } catch (GatewayException notARefund) {
                    throw new WebhookRejectedException("The signed Stripe " + type + " event holds no refund status");
                }
                yield result.outcome() == Outcome.PROCESSING ? WebhookEvent.ignored(eventId)
                        : new WebhookEvent(eventId, paymentId, Operation.REFUND, result);
            }
            case "charge.refunded" -> new WebhookEvent(eventId, paymentId, Operation.REFUND,
                    GatewayResult.of(Outcome.REFUNDED, text(object, "payment_intent")));
            default -> WebhookEvent.ignored(eventId);
        };
    }

    private static Map<String, String> paymentIntentForm(String paymentId, String idempotencyKey, Money amount,
                                                         String paymentMethod, boolean capture, String reference) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("amount", Long.toString(amount.minorUnits()));
        form.put("currency", amount.currency().toLowerCase(Locale.ROOT));
        form.put("payment_method", paymentMethod);
        form.put("confirm", "true");
        form.put("capture_method", capture ? "automatic" : "manual");
        form.put("metadata[" + PAYMENT_ID_METADATA + "]", paymentId);
        form.put("metadata[" + IDEMPOTENCY_KEY_METADATA + "]", idempotencyKey);
        if (reference != null) {
            form.put("description", reference);
            form.put("metadata[reference]", reference);
        }
        return form;
    }

    private StripeResponse sendCapture(GatewayContext context, String paymentIntentId, Money amount, String idempotencyKey)
            throws GatewayException {
        return post(context, "/v1/payment_intents/" + encode(paymentIntentId) + "/capture",
                Map.of("amount_to_capture", Long.toString(amount.minorUnits())), idempotencyKey);
    }

    private StripeResponse sendCancel(GatewayContext context, String paymentIntentId, String idempotencyKey)
            throws GatewayException {
        return post(context, "/v1/payment_intents/" + encode(paymentIntentId) + "/cancel", Map.of(), idempotencyKey);
    }

    private GatewayResult resendAuthorize(GatewayContext context, StatusRequest request) throws GatewayException {
        if (request.paymentMethod() == null) {
            throw new GatewayException(Kind.REJECTED, "missing_payment_method",
                    "An unanswered Stripe authorization is sent again, which needs its payment method");
        }
        Map<String, String> form = paymentIntentForm(request.paymentId(), request.idempotencyKey(), request.amount(),
                request.paymentMethod(), request.capture(), request.reference());
        StripeResponse response = post(context, "/v1/payment_intents", form, request.idempotencyKey());
        if (response.status() == 400 && "idempotency_error".equals(text(response.error(), "type"))) {
            return searchByIdempotencyKey(context, request.idempotencyKey());
        }
        return paymentIntentAnswer(response);
    }

    private GatewayResult searchByIdempotencyKey(GatewayContext context, String idempotencyKey) throws GatewayException {
        String query = "metadata['" + IDEMPOTENCY_KEY_METADATA + "']:'" + idempotencyKey.replace("'", "\\'") + "'";
        JsonNode found = successBody(get(context, "/v1/payment_intents/search?query=" + encode(query))).path("data");
        if (found.isEmpty()) {
            throw new GatewayException(Kind.OUTCOME_UNKNOWN, null,
                    "Stripe has a request with this key but its PaymentIntent is not searchable yet");
        }
        return paymentIntentResult(found.get(0));
    }

    private GatewayResult refundStatus(GatewayContext context, StatusRequest request) throws GatewayException {
        String reference = requireReference(request);
        if (reference.startsWith("re_")) {
            return refundResult(successBody(get(context, "/v1/refunds/" + encode(reference))));
        }
        JsonNode refunds = successBody(get(context, "/v1/refunds?limit=100&payment_intent=" + encode(reference))).path("data");
        for (JsonNode refund : refunds) {
            if (request.idempotencyKey().equals(text(refund.path("metadata"), IDEMPOTENCY_KEY_METADATA))) {
                return refundResult(refund);
            }
        }
        return GatewayResult.declined(null, "refund_not_found", "Stripe made no refund with this idempotency key");
    }

    private static String requireReference(StatusRequest request) throws GatewayException {
        if (request.providerReference() == null) {
            throw new GatewayException(Kind.REJECTED, "missing_reference",
                    "Stripe looks up a " + request.operation() + " by its PaymentIntent or refund id, and none is known");
        }
        return request.providerReference();
    }

    /** A PaymentIntent's answer: the intent's outcome, a card decline, or the failure's exception. */
    private static GatewayResult paymentIntentAnswer(StripeResponse response) throws GatewayException {
        JsonNode error = response.error();
        if (!response.successful() && "card_error".equals(text(error, "type"))) {
            return declined(text(error.path("payment_intent"), "id"), error);
        }
        return paymentIntentResult(successBody(response));
    }

    private static GatewayResult paymentIntentResult(JsonNode paymentIntent) throws GatewayException {
        String id = text(paymentIntent, "id");
        String status = text(paymentIntent, "status");
        JsonNode paymentError = paymentIntent.path("last_payment_error");
        boolean failed = paymentError.isObject();
        if (status == null) {
            throw new GatewayException(Kind.OUTCOME_UNKNOWN, null, "Stripe's answer is not a PaymentIntent");
        }
        return switch (status) {
            case "requires_capture" -> GatewayResult.of(Outcome.AUTHORIZED, id);
            case "succeeded" -> GatewayResult.of(Outcome.CAPTURED, id);
            case "processing" -> GatewayResult.of(Outcome.PROCESSING, id);
            case "canceled" -> failed ? declined(id, paymentError) : GatewayResult.of(Outcome.VOIDED, id);
            case "requires_action" -> GatewayResult.declined(id, status,
                    "Stripe asks for customer authentication (3-D Secure), which this gateway does not perform");
            default -> failed ? declined(id, paymentError)
                    : GatewayResult.declined(id, status, "The PaymentIntent was not confirmed (" + status + ")");
        };
    }

    private static GatewayResult refundResult(JsonNode refund) throws GatewayException {
        String id = text(refund, "id");
        String status = text(refund, "status");
        if (status == null) {
            throw new GatewayException(Kind.OUTCOME_UNKNOWN, null, "Stripe's answer is not a refund");
        }
        return switch (status) {
            case "succeeded" -> GatewayResult.of(Outcome.REFUNDED, id);
            case "pending", "requires_action" -> GatewayResult.of(Outcome.PROCESSING, id);
            default -> GatewayResult.declined(id, orElse(text(refund, "failure_reason"), status),
                    "Stripe's refund " + status);
        };
    }

    private static GatewayResult declined(String reference, JsonNode paymentError) {
        return GatewayResult.declined(reference,
                orElse(text(paymentError, "decline_code"), text(paymentError, "code")),
                shorten(text(paymentError, "message")));
    }

    /** The body of a successful answer; any other answer becomes the exception its status calls for. */
    private static JsonNode successBody(StripeResponse response) throws GatewayException {
        if (!response.successful()) {
            throw failure(response);
        }
        if (response.body() == null || !response.body().isObject()) {
            throw new GatewayException(Kind.OUTCOME_UNKNOWN, String.valueOf(response.status()),
                    "Stripe's answer could not be read");
        }
        return response.body();
    }

    private static GatewayException failure(StripeResponse response) {
        int status = response.status();
        JsonNode error = response.error();
        String code = orElse(text(error, "code"), Integer.toString(status));
        String message;
        if (status == 401 || status == 403) {
            // Stripe's own message quotes part of the key.
            message = "Stripe refused the secret key (HTTP " + status + ")";
        } else {
            String detail = text(error, "message");
            message = "Stripe answered HTTP " + status + (detail == null ? "" : ": " + shorten(detail));
        }
        Kind kind;
        if (status == 429 || status >= 500) {
            kind = Kind.RETRYABLE;
        } else if (status == 409) {
            // Another request with the same idempotency key is still running: it may yet act.
            kind = Kind.OUTCOME_UNKNOWN;
        } else {
            kind = Kind.REJECTED;
        }
        return new GatewayException(kind, code, message);
    }

    /** Stripe's answer: the HTTP status and the JSON body, or a null body when it is not JSON. */
    private record StripeResponse(int status, JsonNode body) {

        boolean successful() {
            return status >= 200 && status < 300;
        }

        /** The {@code error} object of a failure, or a missing node. */
        JsonNode error() {
            return body == null ? JSON.missingNode() : body.path("error");
        }
    }

    private StripeResponse post(GatewayContext context, String path, Map<String, String> form, String idempotencyKey)
            throws GatewayException {
        return send(request(context, path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(formEncode(form), StandardCharsets.UTF_8))
                .build());
    }

    private StripeResponse get(GatewayContext context, String pathAndQuery) throws GatewayException {
        return send(request(context, pathAndQuery).GET().build());
    }

    private HttpRequest.Builder request(GatewayContext context, String pathAndQuery) throws GatewayException {
        return HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(readTimeout)
                .header("Authorization", "Bearer " + context.requireCredential(SECRET_KEY))
                .header("Stripe-Version", API_VERSION)
                .header("Accept", "application/json");
    }

    private StripeResponse send(HttpRequest request) throws GatewayException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new GatewayException(Kind.RETRYABLE, null, "Stripe could not be reached: " + e.getClass().getSimpleName(), e);
        } catch (HttpTimeoutException e) {
            throw new GatewayException(Kind.OUTCOME_UNKNOWN, null, "Stripe did not answer in " + readTimeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new GatewayException(Kind.OUTCOME_UNKNOWN, null, "The connection to Stripe failed after sending: "
                    + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException(Kind.OUTCOME_UNKNOWN, null, "Interrupted while waiting for Stripe", e);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            body = null;
        }
        return new StripeResponse(response.statusCode(), body);
    }

    private static String formEncode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String orElse(String value, String fallback) {
        return value != null ? value : fallback;
    }

    private static String shorten(String message) {
        return message == null || message.length() <= MESSAGE_LIMIT ? message : message.substring(0, MESSAGE_LIMIT);
    }
}
