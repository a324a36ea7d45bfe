package io.baseplate.quiz.shortanswer.internal;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.osgi.service.component.annotations.Component;

import io.baseplate.api.quiz.Audience;
import io.baseplate.api.quiz.FieldProblem;
import io.baseplate.api.quiz.Grade;
import io.baseplate.api.quiz.QuestionDefinition;
import io.baseplate.api.quiz.QuizType;
import io.baseplate.api.quiz.QuizTypeId;
import io.baseplate.api.quiz.RenderedQuestion;

/**
 * A typed answer of at most {@value #MAX_RESPONSE} characters.
 *
 * <p>Definition body:
 * <pre>{
 *   "answers": ["Paris", "Paris, France"], // accepted answers; at least one answer or pattern
 *   "patterns": ["par(is|ee)"],            // optional regular expressions, each matched against the whole answer
 *   "caseSensitive": false,
 *   "feedbackRight": "...", "feedbackWrong": "...", "explanation": "..."
 * }</pre>
 * A response and the accepted answers are compared normalised: Unicode NFC, surrounding spaces dropped, runs of
 * white space made one space and, unless {@code caseSensitive}, case folded. Patterns are matched against the
 * normalised response (case-insensitively unless {@code caseSensitive}) with a budget of
 * {@value BoundedText#STEPS} character reads per pattern, so a pattern that backtracks catastrophically
 * (say {@code (a+)+$}) fails to match after a bounded, deterministic amount of work instead of holding a
 * grading thread for minutes.
 *
 * <p>Response: a string.
 */
@Component
@QuizTypeId(ShortAnswer.ID)
public class ShortAnswer implements QuizType {

    static final String ID = "short-answer";
    static final int MAX_TEXT = 2_000;
    static final int MAX_RESPONSE = 500;
    static final int MAX_ANSWERS = 50;
    static final int MAX_PATTERN = 500;
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final List<String> TEXTS = List.of("feedbackRight", "feedbackWrong", "explanation");

    @Override
    public List<FieldProblem> validate(QuestionDefinition definition) {
        List<FieldProblem> problems = new ArrayList<>();
        Map<String, Object> body = definition.body();
        List<String> answers = strings(body, "answers", MAX_RESPONSE, problems);
        List<String> patterns = strings(body, "patterns", MAX_PATTERN, problems);
        for (int i = 0; i < patterns.size(); i++) {
            try {
                Pattern.compile(patterns.get(i));
            } catch (PatternSyntaxException e) {
                problems.add(new FieldProblem("patterns[" + i + "]", "is not a regular expression: "
                        + e.getDescription()));
            }
        }
        if (problems.isEmpty() && answers.isEmpty() && patterns.isEmpty()) {
            problems.add(new FieldProblem("answers", "at least one accepted answer or pattern is required"));
        }
        if (body.get("caseSensitive") != null && !(body.get("caseSensitive") instanceof Boolean)) {
            problems.add(new FieldProblem("caseSensitive", "must be true or false"));
        }
        for (String name : TEXTS) {
            Object value = body.get(name);
            if (value != null && !(value instanceof String text && text.length() <= MAX_TEXT)) {
                problems.add(new FieldProblem(name, "must be a string of at most " + MAX_TEXT + " characters"));
            }
        }
        return problems;
    }

    /** A list of non-blank strings of at most {@code maxLength} characters; empty when absent. */
    private static List<String> strings(Map<String, Object> body, String name, int maxLength,
                                        List<FieldProblem> problems) {
        Object value = body.get(name);
        List<String> strings = new ArrayList<>();
        if (value == null) {
            return strings;
        }
        if (!(value instanceof List<?> list) || list.size() > MAX_ANSWERS) {
            problems.add(new FieldProblem(name, "must be a list of at most " + MAX_ANSWERS + " strings"));
            return strings;
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof String text && !text.isBlank() && text.length() <= maxLength) {
                strings.add(text);
            } else {
                problems.add(new FieldProblem(name + "[" + i + "]", "must be a non-empty string of at most "
                        + maxLength + " characters"));
            }
        }
        return strings;
    }

    @Override
    public RenderedQuestion render(QuestionDefinition definition, Audience audience, long seed) {
        requireValid(definition);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("maxLength", MAX_RESPONSE);
        if (audience == Audience.TUTOR) {
            Map<String, Object> body = definition.body();
            view.put("answers", body.getOrDefault("answers", List.of()));
            view.put("patterns", body.getOrDefault("patterns", List.of()));
            view.put("caseSensitive", caseSensitive(body));
            for (String name : TEXTS) {
                view.put(name, body.get(name));
            }
        }
        return new RenderedQuestion(ID, definition.prompt(), view);
    }

    @Override
    public List<FieldProblem> checkResponse(QuestionDefinition definition, Object response) {
        requireValid(definition);
        return responseProblems(response);
    }

    private static List<FieldProblem> responseProblems(Object response) {
        return response instanceof String text && text.length() <= MAX_RESPONSE ? List.of()
                : List.of(new FieldProblem("", "must be a string of at most " + MAX_RESPONSE + " characters"));
    }

    @Override
    public Grade grade(QuestionDefinition definition, Object response) {
        requireValid(definition);
        Map<String, Object> body = definition.body();
        if (response == null) {
            return new Grade(0, "Not answered");
        }
        if (!responseProblems(response).isEmpty()) {
            throw new IllegalArgumentException("a response that checkResponse refuses: " + response);
        }
        boolean caseSensitive = caseSensitive(body);
        String given = normalise((String) response, caseSensitive);
        boolean right = accepted(body, "answers").stream().anyMatch(answer -> normalise(answer, caseSensitive)
                .equals(given)) || accepted(body, "patterns").stream().anyMatch(pattern -> matches(pattern, given,
                caseSensitive));
        Object feedback = body.get(right ? "feedbackRight" : "feedbackWrong");
        return new Grade(right ? 1 : 0, feedback != null ? (String) feedback : right ? "Correct" : "Incorrect");
    }

    static String normalise(String text, boolean caseSensitive) {
        String spaced = SPACES.matcher(Normalizer.normalize(text, Normalizer.Form.NFC).strip()).replaceAll(" ");
        return caseSensitive ? spaced : spaced.toLowerCase(Locale.ROOT);
    }

    private static boolean matches(String pattern, String given, boolean caseSensitive) {
        int flags = caseSensitive ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
        try {
            return Pattern.compile(pattern, flags).matcher(new BoundedText(given)).matches();
        } catch (BoundedText.BudgetSpent tooSlow) {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> accepted(Map<String, Object> body, String name) {
        return (List<String>) body.getOrDefault(name, List.of());
    }

    private static boolean caseSensitive(Map<String, Object> body) {
        return Boolean.TRUE.equals(body.get("caseSensitive"));
    }

    private void requireValid(QuestionDefinition definition) {
        List<FieldProblem> problems = validate(definition);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid short-answer definition: " + problems);
        }
    }
}
