package io.baseplate.quiz.truefalse.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import io.baseplate.api.quiz.Audience;
import io.baseplate.api.quiz.FieldProblem;
import io.baseplate.api.quiz.Grade;
import io.baseplate.api.quiz.QuestionDefinition;
import io.baseplate.api.quiz.QuizType;
import io.baseplate.api.quiz.QuizTypeId;
import io.baseplate.api.quiz.RenderedQuestion;

/**
 * A statement the student marks true or false.
 *
 * <p>Definition body: {@code {"answer": true, "feedbackRight": "...", "feedbackWrong": "...",
 * "explanation": "..."}}; only {@code answer} is required. Response: {@code true} or {@code false}.
 */
@Component
@QuizTypeId(TrueFalse.ID)
public class TrueFalse implements QuizType {

    static final String ID = "true-false";
    static final int MAX_TEXT = 2_000;
    private static final List<String> TEXTS = List.of("feedbackRight", "feedbackWrong", "explanation");

    @Override
    public List<FieldProblem> validate(QuestionDefinition definition) {
        List<FieldProblem> problems = new ArrayList<>();
        Map<String, Object> body = definition.body();
        if (!(body.get("answer") instanceof Boolean)) {
            problems.add(new FieldProblem("answer", "is required: true or false"));
        }
        for (String name : TEXTS) {
            Object value = body.get(name);
            if (value != null && !(value instanceof String text && text.length() <= MAX_TEXT)) {
                problems.add(new FieldProblem(name, "must be a string of at most " + MAX_TEXT + " characters"));
            }
        }
        return problems;
    }

    @Override
    public RenderedQuestion render(QuestionDefinition definition, Audience audience, long seed) {
        requireValid(definition);
        Map<String, Object> view = new LinkedHashMap<>();
        if (audience == Audience.TUTOR) {
            view.put("answer", definition.body().get("answer"));
            for (String name : TEXTS) {
                view.put(name, definition.body().get(name));
            }
        }
        return new RenderedQuestion(ID, definition.prompt(), view);
    }

    @Override
    public List<FieldProblem> checkResponse(QuestionDefinition definition, Object response) {
        requireValid(definition);
        return response instanceof Boolean ? List.of() : List.of(new FieldProblem("", "must be true or false"));
    }

    @Override
    public Grade grade(QuestionDefinition definition, Object response) {
        requireValid(definition);
        if (response == null) {
            return new Grade(0, "Not answered");
        }
        if (!(response instanceof Boolean marked)) {
            throw new IllegalArgumentException("a true-false response is true or false, not " + response);
        }
        boolean right = marked.equals(definition.body().get("answer"));
        Object feedback = definition.body().get(right ? "feedbackRight" : "feedbackWrong");
        return new Grade(right ? 1 : 0, feedback != null ? (String) feedback : right ? "Correct" : "Incorrect");
    }

    private void requireValid(QuestionDefinition definition) {
        List<FieldProblem> problems = validate(definition);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid true-false definition: " + problems);
        }
    }
}
