package io.baseplate.payments.internal;

/** The states of a payment; each change is posted as {@code baseplate/payment/<STATUS>}. */
public enum PaymentStatus {
    /** Stored and sent to the gateway; the outcome is not known yet. */
    PENDING,
    /** The provider took the money. */
    CAPTURED,
    /** The provider refused the charge. */
    DECLINED,
    /** The provider could not be reached or answered unintelligibly; nothing is known to be charged. */
    FAILED,
    /**
     * The platform stopped while the gateway was being called, so whether the provider took the money
     * is not known: the outcome must be checked with the gateway before the customer is charged again.
     */
    UNKNOWN
}
