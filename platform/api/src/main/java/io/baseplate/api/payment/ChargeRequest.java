package io.baseplate.api.payment;

import java.util.Objects;

/**
 * One charge the platform asks a gateway to make.
 *
 * @param paymentId     the platform's payment id, stable across retries of the same payment
 * @param tenantId      the tenant the payment belongs to
 * @param amount        amount in the currency's minor units (paise, cents), positive
 * @param currency      ISO 4217 code, upper case
 * @param reference     the merchant's own reference, e.g. an order number
 * @param paymentMethod the provider token of the payment method to charge
 */
public record ChargeRequest(String paymentId, String tenantId, long amount, String currency, String reference,
                            String paymentMethod) {

    public ChargeRequest {
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(paymentMethod, "paymentMethod");
        if (amount <= 0) {
            throw new IllegalArgumentException("amount must be positive");
        }
    }
}
