package io.baseplate.persistence.internal;

/** A unit's migrations cannot be applied as shipped; the message says why and what to do. */
final class MigrationRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    MigrationRefusedException(String message) {
        super(message);
    }

    MigrationRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
