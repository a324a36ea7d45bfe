package io.baseplate.api.payment;

import java.util.Objects;

/**
 * The provider's answer to an operation. A decline is a result, not an exception.
 *
 * @param outcome           what the provider decided
 * @param providerReference the provider's id of the payment (or of the refund, for a refund); null only on a
 *                          decline the provider gave no id for
 * @param code              the provider's raw code for a decline or for a status, e.g. {@code card_declined};
 *                          may be null
 * @param message           a short human-readable reason; may be null
 */
public record GatewayResult(Outcome outcome, String providerReference, String code, String message) {

    /** What became of the operation. */
    public enum Outcome {
        /** The amount is reserved and not taken. */
        AUTHORIZED,
        /** The money was taken. */
        CAPTURED,
        /** The authorization was released. */
        VOIDED,
        /** The money was given back. */
        REFUNDED,
        /** The provider refused; nothing changed. A hard decline: the platform does not try another gateway. */
        DECLINED,
        /** The provider took the request and has not decided yet; the platform asks again later. */
        PROCESSING
    }

    public GatewayResult {
        Objects.requireNonNull(outcome, "outcome");
    }

    public static GatewayResult of(Outcome outcome, String providerReference) {
        return new GatewayResult(outcome, providerReference, null, null);
    }

    public static GatewayResult declined(String providerReference, String code, String message) {
        return new GatewayResult(Outcome.DECLINED, providerReference, code, message);
    }
}
