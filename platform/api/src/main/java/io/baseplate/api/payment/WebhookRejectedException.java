package io.baseplate.api.payment;

/** A webhook call the gateway does not trust: no signature, a wrong one, or one outside the tolerance. */
public class WebhookRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message why, without any secret or the expected signature */
    public WebhookRejectedException(String message) {
        super(message);
    }
}
