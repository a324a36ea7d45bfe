package io.baseplate.api.payment;

/** The operations a gateway performs on a payment; each call is one attempt of one of them. */
public enum Operation {
    /** Reserve the amount on the payment method (and take it at once, when the request says capture). */
    AUTHORIZE,
    /** Take all or part of an authorized amount. */
    CAPTURE,
    /** Release an authorization that was not captured. */
    VOID,
    /** Give back all or part of a captured amount. */
    REFUND
}
