package io.baseplate.api.payment;

import java.util.Objects;

/**
 * Release an authorization that was not captured.
 *
 * @param paymentId         the platform's payment id
 * @param idempotencyKey    the provider's idempotency key for this void
 * @param providerReference the provider's id of the authorization
 */
public record VoidRequest(String paymentId, String idempotencyKey, String providerReference) {

    public VoidRequest {
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(providerReference, "providerReference");
    }
}
