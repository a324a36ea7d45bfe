package io.baseplate.api.workflow;

import java.util.Objects;

/**
 * What is wrong with one field of a start's or a transition's input.
 *
 * @param field   the input's field, e.g. {@code slotStart}; empty for the input as a whole
 * @param message what is wrong, for the caller, e.g. {@code must be in the future}
 */
public record InputProblem(String field, String message) {

    public InputProblem {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
