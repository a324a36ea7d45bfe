package io.baseplate.api.payment;

import java.util.Objects;

/**
 * What a verified webhook says. An event that does not change a payment (a type the gateway does not
 * map) has a null {@code operation} and {@code result}: the platform acknowledges it and does nothing.
 *
 * @param eventId   the provider's id of the event, for deduplication
 * @param paymentId the platform's payment id when the provider echoes it back (metadata, receipt), or null
 * @param operation which operation the event reports on, or null
 * @param result    the outcome it reports, with the provider's reference of the payment; or null
 */
public record WebhookEvent(String eventId, String paymentId, Operation operation, GatewayResult result) {

    public WebhookEvent {
        Objects.requireNonNull(eventId, "eventId");
        if ((operation == null) != (result == null)) {
            throw new IllegalArgumentException("An event reports an operation and its result, or neither");
        }
    }

    /** An event the platform acknowledges and ignores. */
    public static WebhookEvent ignored(String eventId) {
        return new WebhookEvent(eventId, null, null, null);
    }
}
