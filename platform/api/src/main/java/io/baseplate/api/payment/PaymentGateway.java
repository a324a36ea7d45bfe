package io.baseplate.api.payment;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A payment provider, registered by a plugin as an OSGi service.
 *
 * <p>Service properties (write them with {@link GatewayId} and {@link GatewayCurrencies}):
 * <ul>
 *   <li>{@value #GATEWAY_ID} (String, required): the stable id tenants and payments refer to, e.g. {@code stripe};</li>
 *   <li>{@value #CURRENCIES} (String[], required): ISO 4217 codes the gateway can charge in, upper case.</li>
 * </ul>
 *
 * <p>Selection rule: for a payment in currency {@code C} the platform considers the gateways whose
 * {@value #CURRENCIES} contain {@code C}, then picks the one with the highest
 * {@code service.ranking}, then the lowest {@code service.id}. The choice is made per call, so a
 * gateway bundle that is installed, updated or removed changes the next payment's route without a
 * restart; a call already in progress finishes on the gateway it started with.
 *
 * <p>Implementations must be thread safe and must not keep tenant state between calls.
 */
@ConsumerType
public interface PaymentGateway {

    /** Service property: the gateway id. */
    String GATEWAY_ID = "baseplate.gateway.id";

    /** Service property: the currencies the gateway serves. */
    String CURRENCIES = "baseplate.gateway.currencies";

    /**
     * Charges a payment method once.
     *
     * @param request what to charge; {@link ChargeRequest#paymentId()} is unique per payment and
     *                should be sent to the provider as its idempotency key
     * @return the provider's verdict; a decline is a result, not an exception
     * @throws GatewayException when the provider could not be reached or answered unintelligibly,
     *                          so the outcome is unknown
     */
    ChargeResult charge(ChargeRequest request) throws GatewayException;
}
