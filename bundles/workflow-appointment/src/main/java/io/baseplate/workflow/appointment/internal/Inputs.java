package io.baseplate.workflow.appointment.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.baseplate.api.workflow.InputProblem;

/** Reads the fields of a request's JSON input, collecting a problem per field rather than stopping at the first. */
final class Inputs {

    /** The longest user id a participant slot holds. */
    static final int MAX_USER_ID = 100;
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

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

    /** An ISO-8601 date and time with an offset, e.g. {@code 2026-12-01T09:30:00Z}. */
    Instant time(String field, boolean required) {
        String text = text(field, 64, required);
        if (text == null) {
            return null;
        }
        try {
            Instant time = OffsetDateTime.parse(text).toInstant();
            if (time.isAfter(LATEST)) {
                problems.add(new InputProblem(field, "must be before the year 10000"));
                return null;
            }
            return time;
        } catch (DateTimeException e) {
            problems.add(new InputProblem(field, "must be an ISO-8601 date and time with an offset, such as 2026-12-01T09:30:00Z"));
            return null;
        }
    }
}
