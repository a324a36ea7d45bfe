package io.baseplate.api.command;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A command to submit, with how and when it runs. Start with {@link #of} and refine with the
 * {@code with...} methods, each of which returns a new request.
 *
 * @param tenantId     the tenant the work belongs to
 * @param type         a command type served by some {@link CommandHandler}
 * @param payload      string arguments, stored as given
 * @param runAt        not before this time; null runs it as soon as a worker is free
 * @param maxAttempts  overrides the handler's {@link CommandPolicy#maxAttempts()} for this job; null keeps it
 * @param dedupeKey    at most one job per tenant carries a given key: submitting a second returns the
 *                     first one's id (an event id, say, for a command caused by an event); null for none
 * @param afterJobId   runs only once that job of the same tenant has succeeded, and is cancelled if it
 *                     dies or is cancelled (chaining); null for none
 */
public record CommandRequest(String tenantId, String type, Map<String, String> payload, Instant runAt,
                             Integer maxAttempts, String dedupeKey, String afterJobId) {

    public CommandRequest {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(type, "type");
        if (type.isBlank()) {
            throw new IllegalArgumentException("A command needs a type");
        }
        payload = payload == null ? Map.of() : Map.copyOf(payload);
        if (maxAttempts != null && maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** A command that runs as soon as possible, with its handler's policy. */
    public static CommandRequest of(String tenantId, String type, Map<String, String> payload) {
        return new CommandRequest(tenantId, type, payload, null, null, null, null);
    }

    public CommandRequest withRunAt(Instant time) {
        return new CommandRequest(tenantId, type, payload, time, maxAttempts, dedupeKey, afterJobId);
    }

    public CommandRequest withDelay(Duration delay) {
        return withRunAt(Instant.now().plus(delay));
    }

    public CommandRequest withMaxAttempts(int attempts) {
        return new CommandRequest(tenantId, type, payload, runAt, attempts, dedupeKey, afterJobId);
    }

    public CommandRequest withDedupeKey(String key) {
        return new CommandRequest(tenantId, type, payload, runAt, maxAttempts, key, afterJobId);
    }

    public CommandRequest after(String jobId) {
        return new CommandRequest(tenantId, type, payload, runAt, maxAttempts, dedupeKey, jobId);
    }
}
