package io.baseplate.workflows.internal;

import java.util.List;

import io.baseplate.api.domain.DomainException;

/** A transition fired in a state it does not leave from: a 409 whose body lists what the caller may fire now. */
final class TransitionNotAllowed extends DomainException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> allowed;

    TransitionNotAllowed(String transition, String state, List<String> allowed) {
        super(Kind.CONFLICT, "Transition " + transition + " cannot be fired in state " + state
                + (allowed.isEmpty() ? "; you may fire none now" : "; you may fire " + String.join(", ", allowed)));
        this.allowed = List.copyOf(allowed);
    }

    List<String> allowed() {
        return allowed;
    }
}
