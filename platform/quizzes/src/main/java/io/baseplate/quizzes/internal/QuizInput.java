package io.baseplate.quizzes.internal;

import java.util.List;
import java.util.Map;

import io.baseplate.api.quiz.FieldProblem;
import io.baseplate.core.support.StorableValues;

/**
 * The platform's part of checking a new quiz: the fields every question has, within what the tables store. Each
 * check adds what is wrong to {@code problems} and returns the value to store (or a placeholder when it is wrong);
 * what a question's body means is its type's to check.
 */
final class QuizInput {

    private static final String TYPE_ID = "[a-z0-9][a-z0-9-]{0,99}";

    private QuizInput() {
    }

    static String title(String title, List<FieldProblem> problems) {
        return text(title, "title", QuizService.MAX_TITLE, problems);
    }

    static List<QuizService.QuestionInput> questions(List<QuizService.QuestionInput> questions, List<FieldProblem> problems) {
        if (questions == null || questions.isEmpty()) {
            problems.add(new FieldProblem("questions", "must hold at least one question"));
            return List.of();
        }
        if (questions.size() > QuizService.MAX_QUESTIONS) {
            problems.add(new FieldProblem("questions", "must hold at most " + QuizService.MAX_QUESTIONS + " questions"));
            return List.of();
        }
        for (int i = 0; i < questions.size(); i++) {
            if (questions.get(i) == null) {
                problems.add(new FieldProblem("questions[" + i + "]", "must be a question, not null"));
            }
        }
        return questions.stream().map(q -> q == null ? new QuizService.QuestionInput(null, null, null, null) : q).toList();
    }

    static String typeId(String type, String path, List<FieldProblem> problems) {
        if (type == null || !type.matches(TYPE_ID)) {
            problems.add(new FieldProblem(path + ".type", "must be a quiz type id (lower case letters, digits and dashes)"));
        }
        return type;
    }

    static String prompt(String prompt, String path, List<FieldProblem> problems) {
        return text(prompt, path + ".prompt", QuizService.MAX_PROMPT, problems);
    }

    static int marks(Integer marks, String path, List<FieldProblem> problems) {
        if (marks == null) {
            return 1;
        }
        if (marks < 1 || marks > QuizService.MAX_MARKS) {
            problems.add(new FieldProblem(path + ".marks", "must be from 1 to " + QuizService.MAX_MARKS));
        }
        return marks;
    }

    /** The body as the JSON to store (which escapes any control character, so every database takes it). */
    static String body(Map<String, Object> body, String path, List<FieldProblem> problems) {
        if (body == null) {
            problems.add(new FieldProblem(path + ".body", "is required: the question's definition, as its type documents it"));
            return "{}";
        }
        String json = QuizJson.write(body);
        if (json.length() > QuizService.MAX_BODY) {
            problems.add(new FieldProblem(path + ".body", "must be at most " + QuizService.MAX_BODY + " characters of JSON"));
        }
        return json;
    }

    private static String text(String value, String field, int max, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            problems.add(new FieldProblem(field, "is required"));
            return "";
        }
        String stripped = value.strip();
        if (stripped.length() > max) {
            problems.add(new FieldProblem(field, "must be at most " + max + " characters"));
        } else if (!StorableValues.isPrintable(stripped.replace("\n", "").replace("\t", ""))) {
            problems.add(new FieldProblem(field, "must not contain control characters other than line breaks and tabs"));
        }
        return stripped;
    }
}
