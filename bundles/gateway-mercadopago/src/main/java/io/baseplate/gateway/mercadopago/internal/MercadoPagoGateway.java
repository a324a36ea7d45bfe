package io.baseplate.gateway.mercadopago.internal;

import java.io.IOException;
import java.math.BigDecimal;
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
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

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
import com.fasterxml.jackson.databind.node.ObjectNode;

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
 * Mercado Pago (Argentina, Brazil, Chile, Colombia, Mexico, Peru, Uruguay) through its Payments API,
 * {@code https://api.mercadopago.com/v1/payments}.
 *
 * <h2>Credentials</h2>
 * Stored by the tenant for gateway {@value #ID}:
 * <ul>
 *   <li>{@value #ACCESS_TOKEN} (required): the application's access token ({@code APP_USR-...}, or {@code TEST-...}
 *       for Mercado Pago's test users), sent as {@code Authorization: Bearer};</li>
 *   <li>{@value #PAYER_EMAIL} (optional): the {@code payer.email} sent with every payment. Mercado Pago asks for a
 *       payer e-mail on card payments and the platform's authorize request carries none, so a tenant whose account
 *       requires it stores one here; without it the field is left out.</li>
 * </ul>
 * The webhook secret is the "secret signature" Mercado Pago shows under Your integrations &gt; Webhooks.
 *
 * <h2>Configuration</h2>
 * PID {@value #PID}, optional: {@code baseUrl} (default {@value #DEFAULT_BASE_URL}), {@code connectTimeoutMillis}
 * (3000), {@code readTimeoutMillis} (10000).
 *
 * <h2>Operations</h2>
 * <ul>
 *   <li>authorize: {@code POST /v1/payments} with {@code transaction_amount} (major units, exactly: whole pesos for
 *       CLP, whose ISO exponent is 0, as Mercado Pago takes them), {@code token}, {@code installments: 1},
 *       {@code capture}, {@code external_reference} = the platform's payment id, {@code description} = the
 *       merchant's reference, and {@code metadata.baseplate_payment_id} / {@code metadata.baseplate_idempotency_key}.
 *       The payment method is the card token from Mercado Pago's card form, or {@code <payment_method_id>:<token>}
 *       (e.g. {@code visa:ff8080814c11e237014c1ff593b57b4d}) when the integration knows the brand and the account
 *       needs {@code payment_method_id}. A {@code rejected} payment is a decline with its {@code status_detail}
 *       (e.g. {@code cc_rejected_insufficient_amount}) as code.</li>
 *   <li>capture: {@code PUT /v1/payments/{id}} with {@code capture: true} and {@code transaction_amount}, at most
 *       what was authorized (partial capture).</li>
 *   <li>void: {@code PUT /v1/payments/{id}} with {@code status: cancelled}.</li>
 *   <li>refund: {@code POST /v1/payments/{id}/refunds} with the {@code amount} always given (a full refund is the
 *       captured amount), so several partial refunds are the same call; the refund's id is the reference.</li>
 * </ul>
 * Every POST and PUT carries {@code X-Idempotency-Key} with the platform's idempotency key. Payment statuses map as
 * {@code approved} CAPTURED, {@code authorized} AUTHORIZED, {@code pending}/{@code in_process}/{@code in_mediation}
 * PROCESSING, {@code rejected} DECLINED, {@code cancelled} VOIDED, {@code refunded}/{@code charged_back} REFUNDED;
 * refund statuses {@code approved} REFUNDED, {@code in_process} PROCESSING, {@code rejected} DECLINED.
 *
 * <h2>Status of an unknown outcome</h2>
 * With a provider reference: {@code GET /v1/payments/{id}}. An authorization that never answered is looked up with
 * {@code GET /v1/payments/search?external_reference=<paymentId>}, keeping the result whose
 * {@code metadata.baseplate_idempotency_key} is the attempt's key (an earlier attempt of the same payment has the same
 * external reference); when there is none the create is sent again with the same {@code X-Idempotency-Key}, which
 * Mercado Pago answers with the stored payment, or creates it if the first call never arrived. A refund is found
 * through its payment (the search above, keeping the captured payment) and then
 * {@code GET /v1/payments/{id}/refunds/{refund_id}}, or, without a refund id, the refund sent again with its key.
 * Server errors while asking are reported as OUTCOME_UNKNOWN, never RETRYABLE: the operation itself may have happened.
 *
 * <h2>Webhooks</h2>
 * Verified as Mercado Pago documents: header {@code x-signature: ts=<unix seconds>,v1=<hex>}, the HMAC-SHA256 with
 * the secret of {@code id:<data.id>;request-id:<x-request-id>;ts:<ts>;} (data.id from the query, lower-cased when
 * alphanumeric; a part whose value is absent is left out), compared in constant time; a {@code ts} outside the
 * tolerance is a replay. The signature does not cover the body, so the payment is the signed {@code data.id} of the
 * query, and a body whose {@code data.id} differs is rejected. The notification names the payment but not its state,
 * so for {@code type: payment} the gateway reads {@code GET /v1/payments/{data.id}} with the tenant's access token and reports its status: AUTHORIZE
 * for authorized, pending, in_process and rejected; CAPTURE for approved; VOID for cancelled; REFUND for refunded
 * (a partial refund leaves the payment approved and so reads as CAPTURE/CAPTURED). The payment id is the payment's
 * {@code metadata.baseplate_payment_id} or {@code external_reference}. The event id is the notification's {@code id}
 * (the {@code x-request-id} when the body has none). Other types are ignored. In sandbox mode no call is made and
 * payment notifications are ignored too. When the payment cannot be read, the webhook is rejected so that Mercado
 * Pago delivers it again.
 */
@Component(configurationPid = MercadoPagoGateway.PID)
@Designate(ocd = MercadoPagoGateway.Config.class)
@GatewayId(MercadoPagoGateway.ID)
@GatewayCurrencies({"BRL", "MXN", "ARS", "CLP", "COP", "PEN", "UYU"})
public class MercadoPagoGateway implements PaymentGateway {

    static final String ID = "mercadopago";
    static final String PID = "io.baseplate.gateway.mercadopago";
    static final String DEFAULT_BASE_URL = "https://api.mercadopago.com";

    /** Credential: the access token. */
    public static final String ACCESS_TOKEN = "accessToken";
    /** Credential, optional: the payer e-mail sent with every payment. */
    public static final String PAYER_EMAIL = "payerEmail";

    static final String METADATA_PAYMENT_ID = "baseplate_payment_id";
    static final String METADATA_IDEMPOTENCY_KEY = "baseplate_idempotency_key";

    private static final GatewayCapabilities CAPABILITIES = new GatewayCapabilities(
            Set.of("BRL", "MXN", "ARS", "CLP", "COP", "PEN", "UYU"),
            Set.of("BR", "AR", "MX", "CL", "CO", "PE", "UY"),
            Set.of("card", "pix", "boleto"),
            true, true, true);

    private static final Pattern ALPHANUMERIC = Pattern.compile("[A-Za-z0-9]+");
    private static final Pattern SIGNATURE_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final int MAX_MESSAGE = 300;

    @ObjectClassDefinition(name = "Baseplate gateway: Mercado Pago",
            description = "Where and how patiently the Mercado Pago gateway calls the Payments API. Credentials are the tenants' own.")
    public @interface Config {

        @AttributeDefinition(name = "Base URL", description = "The Payments API's base URL.")
        String baseUrl() default DEFAULT_BASE_URL;

        @AttributeDefinition(name = "Connect timeout (ms)", description = "How long to wait for the TCP and TLS connection.", min = "1")
        int connectTimeoutMillis() default 3000;

        @AttributeDefinition(name = "Read timeout (ms)", description = "How long to wait for a response once the request is sent; "
                + "after it the outcome is unknown and asked for later.", min = "1")
        int readTimeoutMillis() default 10_000;
    }

    private final URI baseUrl;
    private final Duration readTimeout;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final SandboxProcessor sandbox = new SandboxProcessor(ID);

    @Activate
    public MercadoPagoGateway(Config config) {
        this(URI.create(config.baseUrl()), Duration.ofMillis(config.connectTimeoutMillis()),
                Duration.ofMillis(config.readTimeoutMillis()));
    }

    /**
     * @param baseUrl        the Payments API's base URL, e.g. {@value #DEFAULT_BASE_URL} or a test server
     * @param connectTimeout how long to wait for the connection
     * @param readTimeout    how long to wait for a response once the request is sent
     */
    public MercadoPagoGateway(URI baseUrl, Duration connectTimeout, Duration readTimeout) {
        String base = baseUrl.toString();
        this.baseUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.readTimeout = readTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
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
        return mapPayment(createPayment(context, request.paymentId(), request.idempotencyKey(), request.amount(),
                request.paymentMethod(), request.reference(), request.capture()));
    }

    @Override
    public GatewayResult capture(GatewayContext context, CaptureRequest request) throws GatewayException {
        if (context.sandbox()) {
            return sandbox.capture(request);
        }
        ObjectNode body = json.createObjectNode();
        body.put("capture", true);
        body.put("transaction_amount", request.amount().toDecimal());
        return mapPayment(send(context, "PUT", paymentPath(request.providerReference()), body, request.idempotencyKey()));
    }

    @Override
    public GatewayResult voidAuthorization(GatewayContext context, VoidRequest request) throws GatewayException {
        if (context.sandbox()) {
            return sandbox.voidAuthorization(request);
        }
        ObjectNode body = json.createObjectNode();
        body.put("status", "cancelled");
        return mapPayment(send(context, "PUT", paymentPath(request.providerReference()), body, request.idempotencyKey()));
    }

    @Override
    public GatewayResult refund(GatewayContext context, RefundRequest request) throws GatewayException {
        if (context.sandbox()) {
            return sandbox.refund(request);
        }
        return mapRefund(createRefund(context, request.providerReference(), request.amount(), request.idempotencyKey()));
    }

    @Override
    public GatewayResult status(GatewayContext context, StatusRequest request) throws GatewayException {
        if (context.sandbox()) {
            return sandbox.status(request);
        }
        try {
            return switch (request.operation()) {
                case AUTHORIZE -> request.providerReference() != null
                        ? mapPayment(send(context, "GET", paymentPath(request.providerReference()), null, null))
                        : findAuthorization(context, request);
                case CAPTURE, VOID -> {
                    if (request.providerReference() == null) {
                        throw new GatewayException(Kind.OUTCOME_UNKNOWN, null,
                                "No Mercado Pago payment id to ask about the " + request.operation().name().toLowerCase(Locale.ROOT));
                    }
                    yield mapPayment(send(context, "GET", paymentPath(request.providerReference()), null, null));
                }
                case REFUND -> findRefund(context, request);
            };
        } catch (GatewayException e) {
            if (e.kind() == Kind.RETRYABLE) {
                // Mercado Pago failing to answer a question says nothing about whether the operation happened.
                throw new GatewayException(Kind.OUTCOME_UNKNOWN, e.code(), e.getMessage(), e);
            }
            throw e;
        }
    }

    @Override
    public WebhookEvent verifyWebhook(GatewayContext context, WebhookRequest request) throws WebhookRejectedException {
        String secret = context.webhookSecret();
        if (secret == null || secret.isBlank()) {
            throw new WebhookRejectedException("No Mercado Pago webhook secret is stored for this tenant");
        }
        String signatureHeader = request.header("x-signature");
        if (signatureHeader == null || signatureHeader.isBlank()) {
            throw new WebhookRejectedException("The x-signature header is missing");
        }
        String ts = null;
        String v1 = null;
        for (String part : signatureHeader.split(",")) {
            int equals = part.indexOf('=');
            if (equals > 0) {
                String name = part.substring(0, equals).trim();
                String value = part.substring(equals + 1).trim();
                if (name.equals("ts")) {
                    ts = value;
                } else if (name.equals("v1")) {
                    v1 = value;
                }
            }
        }
        if (ts == null || ts.isEmpty() || !ts.chars().allMatch(Character::isDigit) || v1 == null
                || !SIGNATURE_HEX.matcher(v1).matches()) {
            throw new WebhookRejectedException("The x-signature header is not ts=<seconds>,v1=<hex>");
        }
        String dataId = blankToNull(request.queryParameter("data.id"));
        String requestId = blankToNull(request.header("x-request-id"));
        byte[] expected = hmacHex(secret, manifest(dataId, requestId, ts)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, v1.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            throw new WebhookRejectedException("The Mercado Pago signature does not match");
        }
        Instant signedAt;
        try {
            signedAt = Instant.ofEpochSecond(Long.parseLong(ts));
        } catch (NumberFormatException | DateTimeException e) {
            throw new WebhookRejectedException("The x-signature timestamp is out of range");
        }
        if (!request.isFresh(signedAt)) {
            throw new WebhookRejectedException("The Mercado Pago notification is outside the tolerance (replay?)");
        }

        JsonNode notification;
        try {
            notification = json.readTree(request.body());
        } catch (IOException e) {
            throw new WebhookRejectedException("The signed Mercado Pago notification is not JSON");
        }
        if (notification == null || !notification.isObject()) {
            throw new WebhookRejectedException("The signed Mercado Pago notification is not a JSON object");
        }
        String eventId = text(notification, "id");
        if (eventId == null) {
            eventId = requestId;
        }
        if (eventId == null) {
            throw new WebhookRejectedException("The Mercado Pago notification has neither an id nor an x-request-id");
        }
        // The signature covers the query's data.id, not the body: the payment read is the signed one, and a body
        // naming another is not trusted.
        String bodyDataId = text(notification.path("data"), "id");
        if (bodyDataId != null && dataId != null && !bodyDataId.equalsIgnoreCase(dataId)) {
            throw new WebhookRejectedException("The notification body names another object than the signed data.id");
        }
        if (!"payment".equals(text(notification, "type")) || context.sandbox()) {
            return WebhookEvent.ignored(eventId);
        }
        if (dataId == null) {
            throw new WebhookRejectedException("The Mercado Pago payment notification has no signed data.id query parameter");
        }
        return paymentEvent(context, eventId, dataId);
    }

    private WebhookEvent paymentEvent(GatewayContext context, String eventId, String paymentReference)
            throws WebhookRejectedException {
        JsonNode payment;
        GatewayResult result;
        try {
            payment = send(context, "GET", paymentPath(paymentReference), null, null);
            result = mapPayment(payment);
        } catch (GatewayException e) {
            throw new WebhookRejectedException("Could not read the notified Mercado Pago payment (" + e.kind()
                    + (e.code() == null ? "" : ", " + e.code()) + "); Mercado Pago will deliver it again");
        }
        Operation operation = switch (result.outcome()) {
            case CAPTURED -> Operation.CAPTURE;
            case VOIDED -> Operation.VOID;
            case REFUNDED -> Operation.REFUND;
            case AUTHORIZED, DECLINED, PROCESSING -> Operation.AUTHORIZE;
        };
        return new WebhookEvent(eventId, platformPaymentId(payment), operation, result);
    }

    private JsonNode createPayment(GatewayContext context, String paymentId, String idempotencyKey, Money amount,
                                   String paymentMethod, String reference, boolean capture) throws GatewayException {
        ObjectNode body = json.createObjectNode();
        body.put("transaction_amount", amount.toDecimal());
        int separator = paymentMethod.indexOf(':');
        if (separator > 0) {
            body.put("token", paymentMethod.substring(separator + 1));
            body.put("payment_method_id", paymentMethod.substring(0, separator));
        } else {
            body.put("token", paymentMethod);
        }
        body.put("installments", 1);
        body.put("capture", capture);
        body.put("external_reference", paymentId);
        if (reference != null) {
            body.put("description", reference);
        }
        String payerEmail = context.credentials().get(PAYER_EMAIL);
        if (payerEmail != null && !payerEmail.isBlank()) {
            body.putObject("payer").put("email", payerEmail);
        }
        ObjectNode metadata = body.putObject("metadata");
        metadata.put(METADATA_PAYMENT_ID, paymentId);
        metadata.put(METADATA_IDEMPOTENCY_KEY, idempotencyKey);
        return send(context, "POST", "/v1/payments", body, idempotencyKey);
    }

    private JsonNode createRefund(GatewayContext context, String paymentReference, Money amount, String idempotencyKey)
            throws GatewayException {
        ObjectNode body = json.createObjectNode();
        body.put("amount", amount.toDecimal());
        return send(context, "POST", paymentPath(paymentReference) + "/refunds", body, idempotencyKey);
    }

    /** The attempt's payment found by its external reference and key, else the create sent again with the same key. */
    private GatewayResult findAuthorization(GatewayContext context, StatusRequest request) throws GatewayException {
        for (JsonNode payment : searchByExternalReference(context, request.paymentId())) {
            if (request.idempotencyKey().equals(text(payment.path("metadata"), METADATA_IDEMPOTENCY_KEY))) {
                return mapPayment(payment);
            }
        }
        return mapPayment(createPayment(context, request.paymentId(), request.idempotencyKey(), request.amount(),
                request.paymentMethod(), null, request.capture()));
    }

    private GatewayResult findRefund(GatewayContext context, StatusRequest request) throws GatewayException {
        String capturedPayment = null;
        for (JsonNode payment : searchByExternalReference(context, request.paymentId())) {
            String status = text(payment, "status");
            if ("approved".equals(status) || "refunded".equals(status)) {
                capturedPayment = text(payment, "id");
                break;
            }
        }
        if (capturedPayment == null) {
            throw new GatewayException(Kind.OUTCOME_UNKNOWN, null,
                    "Mercado Pago shows no captured payment with external_reference " + request.paymentId());
        }
        if (request.providerReference() != null) {
            return mapRefund(send(context, "GET", paymentPath(capturedPayment) + "/refunds/"
                    + encode(request.providerReference()), null, null));
        }
        return mapRefund(createRefund(context, capturedPayment, request.amount(), request.idempotencyKey()));
    }

    private JsonNode searchByExternalReference(GatewayContext context, String paymentId) throws GatewayException {
        JsonNode page = send(context, "GET", "/v1/payments/search?sort=date_created&criteria=desc&external_reference="
                + encode(paymentId), null, null);
        JsonNode results = page.path("results");
        if (!results.isArray()) {
            throw new GatewayException(Kind.OUTCOME_UNKNOWN, null, "Mercado Pago's payment search answered without results");
        }
        return results;
    }

    private GatewayResult mapPayment(JsonNode payment) throws GatewayException {
        String id = text(payment, "id");
        String status = text(payment, "status");
        if (id == null || status == null) {
            throw unreadable("a payment without id or status");
        }
        String detail = text(payment, "status_detail");
        return switch (status) {
            case "approved" -> new GatewayResult(Outcome.CAPTURED, id, detail, null);
            case "authorized" -> new GatewayResult(Outcome.AUTHORIZED, id, detail, null);
            case "pending", "in_process", "in_mediation" -> new GatewayResult(Outcome.PROCESSING, id, detail, null);
            case "rejected" -> GatewayResult.declined(id, detail != null ? detail : status,
                    "Mercado Pago rejected the payment" + (detail != null ? " (" + detail + ")" : ""));
            case "cancelled" -> new GatewayResult(Outcome.VOIDED, id, detail, null);
            case "refunded", "charged_back" -> new GatewayResult(Outcome.REFUNDED, id, detail, null);
            // A status added after this gateway was written: wait for one that is known rather than guess.
            default -> new GatewayResult(Outcome.PROCESSING, id, status, "Unknown Mercado Pago payment status");
        };
    }

    private GatewayResult mapRefund(JsonNode refund) throws GatewayException {
        String id = text(refund, "id");
        String status = text(refund, "status");
        if (id == null || status == null) {
            throw unreadable("a refund without id or status");
        }
        return switch (status) {
            case "approved" -> GatewayResult.of(Outcome.REFUNDED, id);
            case "rejected", "cancelled" -> GatewayResult.declined(id, "refund_" + status, "Mercado Pago " + status + " the refund");
            default -> new GatewayResult(Outcome.PROCESSING, id, status, null);
        };
    }

    /**
     * One call to the API. Returns the parsed 2xx body; throws the {@link GatewayException} its failure stands for.
     *
     * @param idempotencyKey sent as {@code X-Idempotency-Key}; null for a read
     */
    private JsonNode send(GatewayContext context, String method, String path, JsonNode body, String idempotencyKey)
            throws GatewayException {
        String accessToken = context.requireCredential(ACCESS_TOKEN);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(readTimeout)
                .header("Authorization", "Bearer " + accessToken)
                .header("Accept", "application/json");
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(write(body), StandardCharsets.UTF_8));
        }
        if (idempotencyKey != null) {
            builder.header("X-Idempotency-Key", idempotencyKey);
        }
        HttpResponse<String> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new GatewayException(Kind.RETRYABLE, null, "Could not connect to Mercado Pago: " + e.getClass().getSimpleName(), e);
        } catch (HttpTimeoutException e) {
            throw new GatewayException(Kind.OUTCOME_UNKNOWN, null, "Mercado Pago did not answer within " + readTimeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new GatewayException(Kind.OUTCOME_UNKNOWN, null, "The connection to Mercado Pago failed after the request was sent: "
                    + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException(Kind.OUTCOME_UNKNOWN, null, "Interrupted while waiting for Mercado Pago", e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            try {
                JsonNode parsed = json.readTree(response.body());
                if (parsed == null || !parsed.isObject()) {
                    throw unreadable("a body that is not a JSON object");
                }
                return parsed;
            } catch (JsonProcessingException e) {
                throw unreadable("a body that is not JSON");
            }
        }
        throw failure(status, response.body());
    }

    /** A non-2xx answer: {@code {"message", "error", "status", "cause": [{"code", "description"}]}}. */
    private GatewayException failure(int status, String body) {
        String code = null;
        String message = null;
        try {
            JsonNode error = json.readTree(body);
            if (error != null && error.isObject()) {
                JsonNode cause = error.path("cause");
                JsonNode firstCause = cause.isArray() && !cause.isEmpty() ? cause.get(0) : cause;
                code = text(firstCause, "code");
                if (code == null) {
                    code = text(error, "error");
                }
                message = text(firstCause, "description");
                if (message == null) {
                    message = text(error, "message");
                }
            }
        } catch (JsonProcessingException notJson) {
            // A proxy's HTML error page, say: the HTTP status has to do.
        }
        if (code == null) {
            code = Integer.toString(status);
        }
        String summary = "Mercado Pago answered HTTP " + status + (message != null ? ": " + shorten(message) : "");
        Kind kind = status >= 500 || status == 429 ? Kind.RETRYABLE : Kind.REJECTED;
        return new GatewayException(kind, code, summary);
    }

    private static GatewayException unreadable(String what) {
        return new GatewayException(Kind.OUTCOME_UNKNOWN, null, "Mercado Pago answered with " + what);
    }

    private String write(JsonNode body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree always serializes", e);
        }
    }

    private static String platformPaymentId(JsonNode payment) {
        String fromMetadata = text(payment.path("metadata"), METADATA_PAYMENT_ID);
        return fromMetadata != null ? fromMetadata : text(payment, "external_reference");
    }

    /** The signed manifest: each part whose value is absent is left out, as Mercado Pago's documentation says. */
    static String manifest(String dataId, String requestId, String ts) {
        StringBuilder manifest = new StringBuilder();
        if (dataId != null) {
            manifest.append("id:").append(ALPHANUMERIC.matcher(dataId).matches() ? dataId.toLowerCase(Locale.ROOT) : dataId)
                    .append(';');
        }
        if (requestId != null) {
            manifest.append("request-id:").append(requestId).append(';');
        }
        return manifest.append("ts:").append(ts).append(';').toString();
    }

    static String hmacHex(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every Java runtime has HmacSHA256", e);
        }
    }

    private static String paymentPath(String paymentReference) {
        return "/v1/payments/" + encode(paymentReference);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A field as text (Mercado Pago's ids are JSON numbers), or null when absent, null or empty. */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isNull() || value.isMissingNode() || value.isContainerNode()) {
            return null;
        }
        String text = value.isBigDecimal() || value.isDouble() ? new BigDecimal(value.asText()).toPlainString() : value.asText();
        return text.isEmpty() ? null : text;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String shorten(String message) {
        return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "...";
    }
}
