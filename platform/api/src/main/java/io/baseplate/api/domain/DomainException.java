package io.baseplate.api.domain;

import java.util.Objects;

/**
 * A request a domain service cannot carry out, with a sentence for the caller saying why. Domain
 * services throw it instead of any HTTP type; the platform's REST layer answers it with a problem
 * response whose status follows the {@link Kind}, and other callers (jobs, event handlers) read
 * the kind directly. The detail is shown to callers: never put secrets or stack traces in it.
 */
public class DomainException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, in terms any caller understands. */
    public enum Kind {
        /** The request itself is malformed or incomplete (HTTP 400). */
        INVALID,
        /** The caller may not do this (HTTP 403). */
        FORBIDDEN,
        /** The thing the request names does not exist, or not for this caller (HTTP 404). */
        NOT_FOUND,
        /** The request clashes with the current state; it may succeed later or after a change (HTTP 409). */
        CONFLICT,
        /** The request is well formed but breaks a business rule (HTTP 422). */
        REJECTED
    }

    private final Kind kind;

    public DomainException(Kind kind, String detail) {
        super(Objects.requireNonNull(detail, "detail"));
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }

    public static DomainException invalid(String detail) {
        return new DomainException(Kind.INVALID, detail);
    }

    public static DomainException forbidden(String detail) {
        return new DomainException(Kind.FORBIDDEN, detail);
    }

    public static DomainException notFound(String detail) {
        return new DomainException(Kind.NOT_FOUND, detail);
    }

    public static DomainException conflict(String detail) {
        return new DomainException(Kind.CONFLICT, detail);
    }

    public static DomainException rejected(String detail) {
        return new DomainException(Kind.REJECTED, detail);
    }
}
