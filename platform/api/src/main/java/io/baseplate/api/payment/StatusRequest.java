package io.baseplate.api.payment;

import java.util.Objects;

/**
 * Ask the provider what became of an operation whose outcome the platform does not know (the call timed
 * out, or the platform stopped during it). The gateway may look the operation up by its provider
 * reference, or, when there is none yet, send the original request again with the same idempotency key,
 * which the provider answers with the stored outcome instead of acting twice.
 *
 * @param operation         which operation
 * @param paymentId         the platform's payment id
 * @param idempotencyKey    the idempotency key the operation was sent with
 * @param providerReference the provider's id of the payment (or refund), or null when the call never answered
 * @param amount            the operation's amount
 * @param paymentMethod     the payment method the payment was authorized with
 * @param capture           for {@link Operation#AUTHORIZE}: whether it was sent to capture at once
 * @param reference         the merchant's reference the payment was authorized with, or null, so that an
 *                          authorization sent again carries exactly the parameters of the first
 */
public record StatusRequest(Operation operation, String paymentId, String idempotencyKey, String providerReference,
                            Money amount, String paymentMethod, boolean capture, String reference) {

    /** A question about a payment that has no merchant reference. */
    public StatusRequest(Operation operation, String paymentId, String idempotencyKey, String providerReference,
                         Money amount, String paymentMethod, boolean capture) {
        this(operation, paymentId, idempotencyKey, providerReference, amount, paymentMethod, capture, null);
    }

    public StatusRequest {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(amount, "amount");
    }
}
