package io.baseplate.payments.internal;

/** Where one operation on a payment (a transaction), or one gateway call of it (an attempt), stands. */
public enum TransactionStatus {
    /** Being sent to the gateway now. */
    PENDING,
    /** The provider did it. */
    SUCCEEDED,
    /** The provider refused it. */
    DECLINED,
    /** It could not be done: every gateway failed, or the request was refused as invalid. Nothing happened. */
    FAILED,
    /** The provider may or may not have done it; the janitor asks it until it knows. */
    UNKNOWN;

    boolean isFinal() {
        return this == SUCCEEDED || this == DECLINED || this == FAILED;
    }
}
