package io.baseplate.api.command;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Submits commands to the platform's durable queue. A submitted command is stored before this
 * method returns and then runs at least once on a worker, so handlers must be idempotent by
 * {@link Command#id()}.
 */
@ProviderType
public interface CommandBus {

    /**
     * Stores a command for background execution.
     *
     * @param tenantId the tenant the work belongs to
     * @param type     a command type served by some {@link CommandHandler}
     * @param payload  string arguments, stored as given
     * @return the job id
     */
    String submit(String tenantId, String type, Map<String, String> payload);
}
