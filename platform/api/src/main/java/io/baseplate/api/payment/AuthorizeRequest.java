package io.baseplate.api.payment;

import java.util.Objects;

/**
 * Authorize a payment, and capture it at once when {@code capture} is true.
 *
 * @param paymentId      the platform's payment id
 * @param idempotencyKey send it to the provider as its idempotency key: the platform derives it from the
 *                       payment and the attempt and sends the same key again when it asks again, so the
 *                       provider never charges twice for one attempt
 * @param amount         what to authorize, positive
 * @param country        the buyer's country (ISO 3166-1 alpha-2), or null when unknown
 * @param paymentMethod  the provider's token for the payment method
 * @param reference      the merchant's own reference (an order number), or null
 * @param capture        true to take the money now, false to reserve it for a later {@link CaptureRequest}
 */
public record AuthorizeRequest(String paymentId, String idempotencyKey, Money amount, String country,
                               String paymentMethod, String reference, boolean capture) {

    public AuthorizeRequest {
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(paymentMethod, "paymentMethod");
    }
}
