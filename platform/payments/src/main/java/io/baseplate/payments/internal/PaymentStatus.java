package io.baseplate.payments.internal;

/** The states of a payment; each change is posted as {@code baseplate/payment/<STATUS>}. */
public enum PaymentStatus {
    /** Stored and being authorized; the outcome is not known yet. */
    PENDING,
    /** The amount is reserved on the payment method, not taken. */
    AUTHORIZED,
    /** The money was taken (all that was authorized, or the part captured). */
    CAPTURED,
    /** Part of the captured money was given back. */
    PARTIALLY_REFUNDED,
    /** All the captured money was given back. */
    REFUNDED,
    /** The authorization was released without capture. */
    VOIDED,
    /** The provider refused the payment. */
    DECLINED,
    /** No gateway could take the payment (all were unavailable, or the request was refused); nothing was charged. */
    FAILED,
    /**
     * The gateway may or may not have taken the money: the call went unanswered, or the platform stopped
     * during it. The janitor asks the provider until it knows; the customer must not be charged again.
     */
    UNKNOWN;

    /** Whether captures, voids and refunds can follow. */
    boolean isSettled() {
        return this != PENDING && this != UNKNOWN;
    }
}
