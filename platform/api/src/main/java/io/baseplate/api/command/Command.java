package io.baseplate.api.command;

import java.util.Map;
import java.util.Objects;

/**
 * A stored unit of background work, as handed to its {@link CommandHandler}.
 *
 * @param id       the job id, stable across retries: use it to make the handler idempotent
 * @param tenantId the tenant that submitted it
 * @param type     the command type, which selects the handler
 * @param payload  the command's arguments as submitted
 * @param attempt  1 on the first run, then 2, 3... on retries
 */
public record Command(String id, String tenantId, String type, Map<String, String> payload, int attempt) {

    public Command {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        payload = Map.copyOf(payload);
    }
}
