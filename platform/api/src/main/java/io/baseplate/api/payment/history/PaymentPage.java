package io.baseplate.api.payment.history;

import java.util.List;

/**
 * A page of {@link PaymentHistory#created}.
 *
 * @param payments   the payments of this page, oldest first
 * @param nextCursor where the next page starts, opaque to callers; null when this page is the last
 */
public record PaymentPage(List<PaymentRecord> payments, String nextCursor) {

    public PaymentPage {
        payments = List.copyOf(payments);
    }
}
