package io.baseplate.quizzes.internal;

import java.util.regex.Pattern;

import io.baseplate.api.domain.DomainException;

/** Ids of quizzes and attempts are UUIDs: anything else names nothing, and never reaches a query. */
final class QuizIds {

    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private QuizIds() {
    }

    static String require(String id, String what) {
        if (id == null || !UUID.matcher(id).matches()) {
            throw DomainException.notFound("No " + what + " with that id");
        }
        return id.toLowerCase(java.util.Locale.ROOT);
    }
}
