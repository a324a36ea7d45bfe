package io.baseplate.workflow.delivery.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.baseplate.api.workflow.InputProblem;

/** Reads the fields of a request's JSON input, collecting a problem per field rather than stopping at the first. */
final class Inputs {

    /** The longest user id a participant slot holds. */
    static final int MAX_USER_ID = 100;

    private final Map<String, Object> input;
    private final List<InputProblem> problems;

    Inputs(Map<String, Object> input, List<InputProblem> problems) {
        this.input = input;
        this.problems = problems;
    }

    /** Problems for every field this input has that {@code known} does not name: a typo is not silently ignored. */
    void refuseUnknown(Set<String> known) {
        input.keySet().stream().filter(field -> !known.contains(field)).sorted()
                .forEach(field -> problems.add(new InputProblem(field, "is not a field of this request")));
    }

    /** Printable text of 1 to {@code max} characters; null (with a problem when required) otherwise. */
    String text(String field, int max, boolean required) {
        Object value = input.get(field);
        if (value == null) {
            if (required) {
                problems.add(new InputProblem(field, "is required"));
            }
            return null;
        }
        if (!(value instanceof String text)) {
            problems.add(new InputProblem(field, "must be a string"));
            return null;
        }
        if (text.isBlank()) {
            problems.add(new InputProblem(field, "must not be blank"));
            return null;
        }
        if (text.length() > max) {
            problems.add(new InputProblem(field, "must be at most " + max + " characters"));
            return null;
        }
        if (text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
            problems.add(new InputProblem(field, "must not contain control characters"));
            return null;
        }
        return text;
    }

    /** A user id: printable text without spaces. */
    String userId(String field, boolean required) {
        String id = text(field, MAX_USER_ID, required);
        if (id != null && id.chars().anyMatch(Character::isWhitespace)) {
            problems.add(new InputProblem(field, "must be a user id, without spaces"));
            return null;
        }
        return id;
    }

    /** A finite number from {@code min} to {@code max}; null (with a problem) otherwise. */
    Double number(String field, double min, double max) {
        Object value = input.get(field);
        if (value == null) {
            problems.add(new InputProblem(field, "is required"));
            return null;
        }
        if (!(value instanceof Number number)) {
            problems.add(new InputProblem(field, "must be a number"));
            return null;
        }
        double result = number.doubleValue();
        if (!Double.isFinite(result) || result < min || result > max) {
            problems.add(new InputProblem(field, "must be from " + (long) min + " to " + (long) max));
            return null;
        }
        return result;
    }
}
