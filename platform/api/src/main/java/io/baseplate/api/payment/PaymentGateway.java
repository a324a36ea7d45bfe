package io.baseplate.api.payment;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A payment provider, registered by a plugin as an OSGi service. It is installed once for the whole
 * platform; each tenant decides whether it serves them, in which markets, in sandbox or live mode and with
 * which of their own credentials (the {@link GatewayContext} of every call).
 *
 * <p>Service properties (write them with {@link GatewayId} and {@link GatewayCurrencies}):
 * <ul>
 *   <li>{@value #GATEWAY_ID} (String, required): the stable id tenants and payments refer to, e.g. {@code stripe};</li>
 *   <li>{@value #CURRENCIES} (String[], required): ISO 4217 codes the gateway can charge in, upper case, the
 *       same as {@link GatewayCapabilities#currencies()}.</li>
 * </ul>
 *
 * <p>Selection rule: for a payment in currency {@code C} (and buyer country {@code K}, when given) the
 * platform takes the tenant's ordered list of gateways for that market, keeps those that are registered,
 * enabled by the tenant and whose capabilities serve {@code C} and {@code K}, and tries them in the tenant's
 * order: the next one only after a {@link GatewayException.Kind#RETRYABLE} failure. When two gateways with
 * the same id are registered, the one with the highest {@code service.ranking}, then the lowest
 * {@code service.id}, serves. The choice is made per call, so a gateway bundle that is installed, updated or
 * removed changes the next payment's route without a restart; a call in progress finishes on its gateway.
 *
 * <p>Every operation either returns the provider's verdict or throws a {@link GatewayException} whose kind
 * says whether the provider may have acted. In sandbox mode ({@link GatewayContext#sandbox()}) a gateway
 * makes no network call and answers as {@link SandboxProcessor} does. The platform relies on it: a live
 * authorization is called only once its attempt is stored, so that a crash cannot hide a charge, while a
 * sandbox one, which can charge nothing, is called first and stored once, with its outcome.
 *
 * <p>Implementations must be thread safe and must not keep tenant state between calls.
 */
@ConsumerType
public interface PaymentGateway {

    /** Service property: the gateway id. */
    String GATEWAY_ID = "baseplate.gateway.id";

    /** Service property: the currencies the gateway serves. */
    String CURRENCIES = "baseplate.gateway.currencies";

    /** What this gateway can do; the same answer on every call. */
    GatewayCapabilities capabilities();

    /** Authorizes a payment, capturing it at once when the request says so. */
    GatewayResult authorize(GatewayContext context, AuthorizeRequest request) throws GatewayException;

    /** Captures an authorized payment, in full or (when {@link GatewayCapabilities#partialCapture()}) in part. */
    GatewayResult capture(GatewayContext context, CaptureRequest request) throws GatewayException;

    /** Releases an authorization that was not captured. */
    GatewayResult voidAuthorization(GatewayContext context, VoidRequest request) throws GatewayException;

    /** Refunds all or part of a captured payment. */
    GatewayResult refund(GatewayContext context, RefundRequest request) throws GatewayException;

    /**
     * What became of an operation whose outcome is unknown. Throws {@link GatewayException.Kind#OUTCOME_UNKNOWN}
     * (or answers {@link GatewayResult.Outcome#PROCESSING}) when the provider still cannot say; the platform
     * asks again later.
     */
    GatewayResult status(GatewayContext context, StatusRequest request) throws GatewayException;

    /**
     * Verifies a webhook's signature with {@link GatewayContext#webhookSecret()}, rejects it when it is
     * outside {@link WebhookRequest#tolerance()}, and only then reads it.
     *
     * @throws WebhookRejectedException when the signature is missing, wrong or stale, or no secret is stored
     */
    WebhookEvent verifyWebhook(GatewayContext context, WebhookRequest request) throws WebhookRejectedException;
}
