package io.baseplate.api.payment;

import java.util.Objects;

/**
 * A gateway call that did not produce a verdict. Its {@link Kind} tells the platform what it may do next,
 * so a gateway must choose it carefully: saying {@link Kind#RETRYABLE} for a request the provider may have
 * acted on can charge a customer twice.
 */
public class GatewayException extends Exception {

    private static final long serialVersionUID = 2L;

    /** What is known about the provider's side of the call. */
    public enum Kind {
        /**
         * The provider did not act on the request: it could not be reached, or it answered with a server
         * error (5xx) or rate limiting (429). The platform records the attempt and tries the tenant's next
         * gateway.
         */
        RETRYABLE,
        /**
         * The request was sent and no answer came back (a read timeout, a connection cut mid-response): the
         * provider may have acted on it. The platform keeps the outcome as unknown and asks later with
         * {@link PaymentGateway#status}; it never tries another gateway.
         */
        OUTCOME_UNKNOWN,
        /** The provider refused the request itself (bad credentials, invalid parameters): retrying cannot help. */
        REJECTED
    }

    private final Kind kind;
    private final String code;

    /**
     * @param kind    what is known about the provider's side
     * @param code    the provider's raw error code or HTTP status, for the attempt's record; may be null
     * @param message what went wrong, for the attempt's record and the logs; no secrets
     */
    public GatewayException(Kind kind, String code, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.code = code;
    }

    public GatewayException(Kind kind, String code, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    /** The provider's raw error code, or null. */
    public String code() {
        return code;
    }
}
