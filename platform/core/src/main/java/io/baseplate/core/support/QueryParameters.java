package io.baseplate.core.support;

import java.time.DateTimeException;
import java.time.Instant;

import io.baseplate.api.rest.ProblemException;

/**
 * Query parameters of list resources, read strictly: a value that cannot be used is a 400 naming the
 * parameter and what it must be, never a value silently ignored. A blank value counts as absent.
 */
public final class QueryParameters {

    private static final int MAX_TEXT = 300;

    private QueryParameters() {
    }

    /** An instant the databases can store, or null when absent. */
    public static Instant instant(String name, String value) {
        if (absent(value)) {
            return null;
        }
        try {
            Instant instant = Instant.parse(value.strip());
            if (StorableValues.isStorable(instant)) {
                return instant;
            }
        } catch (DateTimeException e) {
            // answered below
        }
        throw ProblemException.badRequest("'" + name + "' must be an ISO-8601 instant from year 1 to 9999, such as 2026-01-31T12:00:00Z");
    }

    /** A page size from 1 to {@code max}, or {@code fallback} when absent. */
    public static int limit(String value, int fallback, int max) {
        if (absent(value)) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest("'limit' must be a whole number from 1 to " + max);
    }

    /** Printable text of at most 300 characters, or null when absent. */
    public static String text(String name, String value) {
        if (absent(value)) {
            return null;
        }
        if (value.length() > MAX_TEXT) {
            throw ProblemException.badRequest("'" + name + "' is longer than " + MAX_TEXT + " characters");
        }
        if (!StorableValues.isPrintable(value)) {
            throw ProblemException.badRequest("'" + name + "' must not contain control characters");
        }
        return value;
    }

    /** One of an enum's constants by its exact name, or null when absent. */
    public static <E extends Enum<E>> E oneOf(String name, String value, Class<E> type) {
        if (absent(value)) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value.strip())) {
                return constant;
            }
        }
        throw ProblemException.badRequest("'" + name + "' must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
    }

    public static boolean absent(String value) {
        return value == null || value.isBlank();
    }
}
