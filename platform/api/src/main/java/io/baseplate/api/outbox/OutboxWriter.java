package io.baseplate.api.outbox;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

import io.baseplate.api.command.CommandRequest;

/** Writes events and commands into the transaction of an {@link Outbox#inTenant} call. */
@ProviderType
public interface OutboxWriter {

    /**
     * Records an event to deliver after the commit.
     *
     * @param topic      the Event Admin topic
     * @param sourceId   what the event is about (an entity id); events of one source arrive in order
     * @param properties String, Boolean, Integer, Long or Double values; integers arrive as Long
     * @return the event id
     */
    String publish(String topic, String sourceId, Map<String, ?> properties);

    /**
     * Records a command that workers see after the commit; its tenant must be the transaction's.
     *
     * @return the job id (with a dedupe key already used, the earlier job's)
     */
    String submit(CommandRequest command);

    /**
     * Records a batch of commands of the transaction's tenant, as {@code CommandBus.submitBatch} does,
     * visible to workers after the commit.
     *
     * @return the batch id
     */
    String submitBatch(String name, List<CommandRequest> children);
}
