package io.baseplate.api.command;

/**
 * Thrown by a {@link CommandHandler} when retrying cannot help (a malformed address, a record that
 * no longer exists): the job goes straight to {@code DEAD} with this message, whatever attempts
 * its policy has left. Any other {@link Throwable} is retried.
 */
public class PermanentFailure extends Exception {

    private static final long serialVersionUID = 1L;

    public PermanentFailure(String message) {
        super(message);
    }

    public PermanentFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
