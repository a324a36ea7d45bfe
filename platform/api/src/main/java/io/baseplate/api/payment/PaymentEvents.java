package io.baseplate.api.payment;

/**
 * Event Admin topics and properties the platform posts when a payment changes state.
 * A topic is {@value #TOPIC_PREFIX} followed by the new status, e.g. {@code baseplate/payment/CAPTURED};
 * subscribe to {@value #TOPIC_ALL} for all of them.
 */
public final class PaymentEvents {

    public static final String TOPIC_PREFIX = "baseplate/payment/";
    public static final String TOPIC_ALL = TOPIC_PREFIX + "*";
    public static final String TOPIC_CAPTURED = TOPIC_PREFIX + "CAPTURED";
    public static final String TOPIC_DECLINED = TOPIC_PREFIX + "DECLINED";
    public static final String TOPIC_AUTHORIZED = TOPIC_PREFIX + "AUTHORIZED";
    public static final String TOPIC_VOIDED = TOPIC_PREFIX + "VOIDED";
    public static final String TOPIC_PARTIALLY_REFUNDED = TOPIC_PREFIX + "PARTIALLY_REFUNDED";
    public static final String TOPIC_REFUNDED = TOPIC_PREFIX + "REFUNDED";
    public static final String TOPIC_FAILED = TOPIC_PREFIX + "FAILED";
    public static final String TOPIC_UNKNOWN = TOPIC_PREFIX + "UNKNOWN";

    /** Event property (String): the payment id. */
    public static final String PAYMENT_ID = "payment.id";
    /** Event property (Long): the amount in minor units. */
    public static final String AMOUNT = "payment.amount";
    /** Event property (String): ISO 4217 currency code. */
    public static final String CURRENCY = "payment.currency";
    /** Event property (String): the merchant reference. */
    public static final String REFERENCE = "payment.reference";
    /** Event property (String): the new status. */
    public static final String STATUS = "payment.status";
    /** Event property (String): the gateway id that handled the payment. */
    public static final String GATEWAY = "payment.gateway";

    /** Event property (Long): the amount captured so far, in minor units. */
    public static final String CAPTURED_AMOUNT = "payment.capturedAmount";
    /** Event property (Long): the amount refunded so far, in minor units. */
    public static final String REFUNDED_AMOUNT = "payment.refundedAmount";
    /** Event property (String): the operation that changed the payment, a {@link Operation} name. */
    public static final String OPERATION = "payment.operation";
    /** Event property (String): that operation's status: PENDING, SUCCEEDED, DECLINED, FAILED or UNKNOWN. */
    public static final String OPERATION_STATUS = "payment.operationStatus";

    private PaymentEvents() {
    }
}
