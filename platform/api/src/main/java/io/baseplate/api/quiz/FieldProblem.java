package io.baseplate.api.quiz;

import java.util.Objects;

/**
 * What is wrong with one field of a definition or a response.
 *
 * @param field   where, as a path into the JSON value, e.g. {@code options[2].text}; empty for the whole value
 * @param message what is wrong, for the person who wrote it, e.g. {@code must not be empty}
 */
public record FieldProblem(String field, String message) {

    public FieldProblem {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
