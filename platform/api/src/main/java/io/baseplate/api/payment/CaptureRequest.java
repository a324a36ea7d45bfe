package io.baseplate.api.payment;

import java.util.Objects;

/**
 * Capture an authorized payment, in full or in part.
 *
 * @param paymentId         the platform's payment id
 * @param idempotencyKey    the provider's idempotency key for this capture (see {@link AuthorizeRequest})
 * @param providerReference the provider's id of the authorization
 * @param amount            how much to take: at most what was authorized
 */
public record CaptureRequest(String paymentId, String idempotencyKey, String providerReference, Money amount) {

    public CaptureRequest {
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(providerReference, "providerReference");
        Objects.requireNonNull(amount, "amount");
    }
}
