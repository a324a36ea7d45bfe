package io.baseplate.notify.email.internal;

/**
 * A receipt that can never be delivered as it stands, e.g. to an address the SMTP server refuses with a
 * 5xx reply or that is not an address at all: retrying the job cannot help. An IllegalArgumentException
 * until the command API has a type of its own for permanent failures.
 */
class PermanentDeliveryFailure extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    PermanentDeliveryFailure(String message, Throwable cause) {
        super("Permanent failure, retrying cannot help: " + message, cause);
    }
}
