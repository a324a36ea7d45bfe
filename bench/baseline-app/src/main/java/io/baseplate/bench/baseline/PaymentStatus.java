package io.baseplate.bench.baseline;

/** The states of a payment, as the platform's payments bundle has them. */
public enum PaymentStatus {
    PENDING,
    CAPTURED,
    DECLINED,
    FAILED,
    UNKNOWN
}
