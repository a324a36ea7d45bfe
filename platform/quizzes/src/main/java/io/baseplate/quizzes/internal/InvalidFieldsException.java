package io.baseplate.quizzes.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import io.baseplate.api.quiz.FieldProblem;
import io.baseplate.api.rest.Problem;

/**
 * A 400 problem that names every field at fault: the RFC 9457 members, with the problems also listed one by one
 * in an {@code errors} extension member ({@code [{"field": "questions[1].body.options", "message": "..."}]}), so a
 * tutor's editor can point at each.
 */
final class InvalidFieldsException extends WebApplicationException {

    private static final long serialVersionUID = 1L;
    private static final int BAD_REQUEST = 400;

    InvalidFieldsException(String lead, List<FieldProblem> problems) {
        super(detail(lead, problems), Response.status(BAD_REQUEST).type(Problem.MEDIA_TYPE).entity(body(lead, problems)).build());
    }

    private static Map<String, Object> body(String lead, List<FieldProblem> problems) {
        Problem problem = Problem.of(BAD_REQUEST, "Bad Request", detail(lead, problems));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.type());
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.detail());
        body.put("errors", problems.stream().map(p -> Map.of("field", p.field(), "message", p.message())).toList());
        return body;
    }

    private static String detail(String lead, List<FieldProblem> problems) {
        return lead + ": " + problems.stream()
                .map(p -> p.field().isEmpty() ? p.message() : p.field() + " " + p.message())
                .collect(Collectors.joining("; "));
    }
}
