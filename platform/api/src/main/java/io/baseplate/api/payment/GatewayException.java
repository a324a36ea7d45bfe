package io.baseplate.api.payment;

/** The provider could not be reached or gave an answer the gateway cannot interpret; the charge outcome is unknown. */
public class GatewayException extends Exception {

    private static final long serialVersionUID = 1L;

    public GatewayException(String message) {
        super(message);
    }

    public GatewayException(String message, Throwable cause) {
        super(message, cause);
    }
}
