package io.baseplate.api.workflow;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An instance as it stands before a transition.
 *
 * @param id           the instance id
 * @param type         its workflow type id
 * @param state        its current state
 * @param participants participant slot to user id, for the slots filled so far
 * @param data         what its transitions have set: flat, each value a String, Boolean, Long or Double
 * @param createdAt    when it was started
 * @param updatedAt    when it last moved
 */
public record WorkflowInstance(String id, String type, String state, Map<String, String> participants,
                               Map<String, Object> data, Instant createdAt, Instant updatedAt) {

    public WorkflowInstance {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        participants = Collections.unmodifiableMap(new LinkedHashMap<>(participants));
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }
}
