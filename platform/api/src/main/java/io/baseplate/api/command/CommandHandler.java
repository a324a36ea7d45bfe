package io.baseplate.api.command;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Executes commands of one type, registered by a plugin as an OSGi service with the
 * {@value #COMMAND_TYPE} property (write it with {@link CommandType}). If several handlers serve a
 * type, the one with the highest {@code service.ranking}, then the lowest {@code service.id}, runs it.
 * A command whose type has no handler waits in the queue until one is registered.
 */
@ConsumerType
public interface CommandHandler {

    /** Service property (String): the command type this handler executes. */
    String COMMAND_TYPE = "baseplate.command.type";

    /**
     * Runs a command. Returning normally marks the job {@code SUCCEEDED}. Throwing anything ends the
     * attempt: the job is retried as its {@link CommandPolicy} says, and is {@code DEAD} after the last
     * attempt or at once for a {@link PermanentFailure}.
     *
     * @return a short result to keep with the job (e.g. a receipt summary); may be null
     * @throws Exception when the work could not be done
     */
    String execute(Command command) throws Exception;
}
