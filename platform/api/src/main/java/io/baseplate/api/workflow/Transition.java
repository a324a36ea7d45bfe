package io.baseplate.api.workflow;

import java.util.Objects;
import java.util.Set;

import io.baseplate.api.security.Role;

/**
 * One transition of a workflow type: from which states it may be fired, the state it leads to, and who may
 * fire it. A caller may fire it when they are the user in one of its {@code participants} slots of the
 * instance, or hold one of its {@code roles}; nobody else (403). The handler's guards come after that check.
 *
 * @param name         upper case letters, digits and underscores, e.g. {@code CONFIRM}; it names the route
 *                     ({@code POST /api/v1/workflows/{id}/transitions/CONFIRM}) and the event topic
 * @param from         the states it may be fired in; in any other state it is a 409
 * @param to           the state it leads to; equal to a {@code from} state for a transition that records
 *                     something and stays (a courier's location update)
 * @param participants the participant slots whose users may fire it, e.g. {@code doctor}
 * @param roles        the roles whose holders may fire it whatever their part, e.g. {@code OPERATOR}
 */
public record Transition(String name, Set<String> from, String to, Set<String> participants, Set<Role> roles) {

    public Transition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(to, "to");
        from = Set.copyOf(from);
        participants = Set.copyOf(participants);
        roles = Set.copyOf(roles);
        if (from.isEmpty()) {
            throw new IllegalArgumentException("Transition " + name + " leaves from no state");
        }
    }
}
