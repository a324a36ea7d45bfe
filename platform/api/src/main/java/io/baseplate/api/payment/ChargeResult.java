package io.baseplate.api.payment;

import java.util.Objects;

/**
 * A gateway's verdict on a charge.
 *
 * @param outcome           captured or declined
 * @param providerReference the provider's id for the charge, for reconciliation; may be null on a decline
 * @param message           a short human-readable reason, e.g. the decline reason; may be null
 */
public record ChargeResult(Outcome outcome, String providerReference, String message) {

    /** What the provider decided. */
    public enum Outcome {
        /** The money was taken. */
        CAPTURED,
        /** The provider refused the charge; nothing was taken. */
        DECLINED
    }

    public ChargeResult {
        Objects.requireNonNull(outcome, "outcome");
    }

    public static ChargeResult captured(String providerReference) {
        return new ChargeResult(Outcome.CAPTURED, providerReference, null);
    }

    public static ChargeResult declined(String providerReference, String message) {
        return new ChargeResult(Outcome.DECLINED, providerReference, message);
    }
}
