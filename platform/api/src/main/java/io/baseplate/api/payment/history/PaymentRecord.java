package io.baseplate.api.payment.history;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored payment as {@link PaymentHistory} shows it.
 *
 * @param id        the payment id
 * @param createdAt when the payment was taken (microsecond precision)
 * @param amount    the amount in minor units of the currency (cents, paise)
 * @param currency  ISO 4217 code
 * @param status    the current status, as in {@code PaymentEvents.STATUS}: {@code PENDING}, {@code CAPTURED},
 *                  {@code DECLINED}, {@code FAILED} or {@code UNKNOWN}
 * @param gateway   the id of the gateway that handled it
 * @param reference the merchant's reference as the client sent it; may be null. Client-supplied text:
 *                  escape it for whatever format it is written to
 */
public record PaymentRecord(String id, Instant createdAt, long amount, String currency, String status, String gateway,
                            String reference) {

    public PaymentRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
