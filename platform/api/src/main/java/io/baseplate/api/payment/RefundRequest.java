package io.baseplate.api.payment;

import java.util.Objects;

/**
 * Give back all or part of a captured payment; a payment may have several refunds.
 *
 * @param paymentId         the platform's payment id
 * @param refundId          the platform's id of this refund
 * @param idempotencyKey    the provider's idempotency key for this refund
 * @param providerReference the provider's id of the captured payment
 * @param amount            how much to give back: at most what is captured and not yet refunded
 */
public record RefundRequest(String paymentId, String refundId, String idempotencyKey, String providerReference,
                            Money amount) {

    public RefundRequest {
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(refundId, "refundId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(providerReference, "providerReference");
        Objects.requireNonNull(amount, "amount");
    }
}
