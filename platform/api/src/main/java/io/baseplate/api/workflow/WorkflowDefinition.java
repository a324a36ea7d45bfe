package io.baseplate.api.workflow;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.baseplate.api.security.Role;

/**
 * A workflow type's shape: its states, its participant slots, who may start an instance and its transitions.
 * The platform enforces the shape (which transition may be fired in which state, and by whom); the handler
 * adds the rules that depend on data, time and input.
 *
 * @param type          the type id: lower case letters, digits and dashes, e.g. {@code appointment}; equal to the
 *                      service's {@value WorkflowHandler#TYPE_ID} property
 * @param states        every state, upper case, e.g. {@code REQUESTED}
 * @param initialState  the state a started instance is in
 * @param participants  the participant slots an instance may fill, lower case, e.g. {@code patient},
 *                      {@code doctor}; each holds one user id
 * @param startRoles    the roles whose holders may start an instance (403 for anyone else); the handler's
 *                      {@link WorkflowHandler#start} decides who takes which part
 * @param transitions   the transitions, with unique names; {@value WorkflowHandler#START} is reserved
 */
public record WorkflowDefinition(String type, List<String> states, String initialState, List<String> participants,
                                 Set<Role> startRoles, List<Transition> transitions) {

    public WorkflowDefinition {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(initialState, "initialState");
        states = List.copyOf(states);
        participants = List.copyOf(participants);
        startRoles = Set.copyOf(startRoles);
        transitions = List.copyOf(transitions);
    }

    /** The transition of that name, or empty. */
    public Optional<Transition> transition(String name) {
        return transitions.stream().filter(transition -> transition.name().equals(name)).findFirst();
    }
}
