package io.baseplate.api.workflow;

import java.util.Map;
import java.util.Objects;

/**
 * An event a decision publishes beside the transition's own, through the outbox in the transition's
 * transaction, e.g. {@code baseplate/workflow/appointment/REMINDER_DUE}.
 *
 * @param topic      must start with {@code baseplate/workflow/<type>/}: a workflow publishes under its own
 *                   type only
 * @param properties String, Boolean, Integer, Long or Double values; the platform adds the tenant, the
 *                   instance and the audience (the instance's participants and its staff) unless given
 */
public record WorkflowEvent(String topic, Map<String, Object> properties) {

    public WorkflowEvent {
        Objects.requireNonNull(topic, "topic");
        properties = Map.copyOf(properties);
    }
}
