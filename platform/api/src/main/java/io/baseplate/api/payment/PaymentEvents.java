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

    private PaymentEvents() {
    }
}
