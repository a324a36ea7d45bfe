package io.baseplate.quizzes.internal;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import io.baseplate.api.quiz.FieldProblem;
import io.baseplate.core.support.ProblemWithMember;

/**
 * A 400 problem that names every field at fault: the RFC 9457 members, with the problems also listed one by one
 * in an {@code errors} extension member ({@code [{"field": "questions[1].body.options", "message": "..."}]}), so a
 * tutor's editor can point at each.
 */
final class InvalidFieldsException extends WebApplicationException {

    private static final long serialVersionUID = 1L;

    private InvalidFieldsException(String detail, Response response) {
        super(detail, response);
    }

    static InvalidFieldsException of(String lead, List<FieldProblem> problems) {
        String detail = lead + ": " + problems.stream()
                .map(p -> p.field().isEmpty() ? p.message() : p.field() + " " + p.message())
                .collect(Collectors.joining("; "));
        List<Map<String, String>> errors = problems.stream()
                .map(p -> Map.of("field", p.field(), "message", p.message())).toList();
        return new InvalidFieldsException(detail,
                ProblemWithMember.of(400, "Bad Request", detail, "errors", errors).getResponse());
    }
}
