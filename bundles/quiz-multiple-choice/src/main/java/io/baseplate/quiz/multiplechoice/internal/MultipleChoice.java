package io.baseplate.quiz.multiplechoice.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.osgi.service.component.annotations.Component;

import io.baseplate.api.quiz.Audience;
import io.baseplate.api.quiz.FieldProblem;
import io.baseplate.api.quiz.Grade;
import io.baseplate.api.quiz.QuestionDefinition;
import io.baseplate.api.quiz.QuizType;
import io.baseplate.api.quiz.QuizTypeId;
import io.baseplate.api.quiz.RenderedQuestion;

/**
 * Multiple-choice questions: one right option, or several, among 2 to {@value #MAX_OPTIONS}.
 *
 * <p>Definition body:
 * <pre>{
 *   "options": [{"id": "a", "text": "Paris", "correct": true, "credit": 0.5, "feedback": "..."}, ...],
 *   "multiple": false,           // true: the student picks every right option
 *   "scoring": "all-or-nothing", // multiple only; or "partial"
 *   "shuffle": true,             // options in a per-attempt order
 *   "explanation": "..."         // shown to tutors, and to students with their result
 * }</pre>
 * With one answer, the right option earns the full marks and another option its {@code credit} (0 to 1,
 * default 0: the partly right answer). With several, {@code all-or-nothing} gives the marks only for exactly
 * the right set; {@code partial} gives 1/k for each of the k right options picked and takes 1/k for each wrong
 * one picked, never below 0.
 *
 * <p>Response: the picked option's id, or with {@code multiple} a list of ids.
 */
@Component
@QuizTypeId(MultipleChoice.ID)
public class MultipleChoice implements QuizType {

    static final String ID = "multiple-choice";
    static final int MAX_OPTIONS = 26;
    static final int MAX_TEXT = 2_000;
    static final int MAX_ID = 40;
    static final String ALL_OR_NOTHING = "all-or-nothing";
    static final String PARTIAL = "partial";

    /** One option as defined. */
    private record Option(String id, String text, boolean correct, double credit, String feedback) {
    }

    /** A definition's body, read. */
    private record Question(List<Option> options, boolean multiple, String scoring, boolean shuffle,
                            String explanation) {

        Set<String> rightIds() {
            Set<String> right = new HashSet<>();
            options.stream().filter(Option::correct).forEach(option -> right.add(option.id()));
            return right;
        }
    }

    @Override
    public List<FieldProblem> validate(QuestionDefinition definition) {
        List<FieldProblem> problems = new ArrayList<>();
        read(definition, problems);
        return problems;
    }

    @Override
    public RenderedQuestion render(QuestionDefinition definition, Audience audience, long seed) {
        Question question = readValid(definition);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("multiple", question.multiple());
        List<Map<String, Object>> options = new ArrayList<>();
        if (audience == Audience.TUTOR) {
            for (Option option : question.options()) {
                Map<String, Object> shown = new LinkedHashMap<>();
                shown.put("id", option.id());
                shown.put("text", option.text());
                shown.put("correct", option.correct());
                shown.put("credit", option.correct() ? 1.0 : option.credit());
                shown.put("feedback", option.feedback());
                options.add(shown);
            }
            view.put("scoring", question.scoring());
            view.put("explanation", question.explanation());
        } else {
            List<Option> ordered = new ArrayList<>(question.options());
            if (question.shuffle()) {
                Collections.shuffle(ordered, new Random(seed));
            }
            for (Option option : ordered) {
                options.add(Map.of("id", option.id(), "text", option.text()));
            }
        }
        view.put("options", options);
        return new RenderedQuestion(ID, definition.prompt(), view);
    }

    @Override
    public List<FieldProblem> checkResponse(QuestionDefinition definition, Object response) {
        Question question = readValid(definition);
        List<FieldProblem> problems = new ArrayList<>();
        picked(question, response, problems);
        return problems;
    }

    @Override
    public Grade grade(QuestionDefinition definition, Object response) {
        Question question = readValid(definition);
        if (response == null) {
            return new Grade(0, "Not answered");
        }
        List<FieldProblem> problems = new ArrayList<>();
        List<String> picked = picked(question, response, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("a response that checkResponse refuses: " + problems);
        }
        double fraction = question.multiple() ? multipleScore(question, picked) : singleScore(question, picked.get(0));
        List<String> feedback = new ArrayList<>();
        for (Option option : question.options()) {
            if (picked.contains(option.id()) && option.feedback() != null) {
                feedback.add(option.feedback());
            }
        }
        if (feedback.isEmpty()) {
            feedback.add(fraction == 1 ? "Correct" : fraction == 0 ? "Incorrect" : "Partly correct");
        }
        return new Grade(fraction, String.join(" ", feedback));
    }

    private static double singleScore(Question question, String pickedId) {
        for (Option option : question.options()) {
            if (option.id().equals(pickedId)) {
                return option.correct() ? 1 : option.credit();
            }
        }
        return 0;
    }

    private static double multipleScore(Question question, List<String> picked) {
        Set<String> right = question.rightIds();
        if (question.scoring().equals(ALL_OR_NOTHING)) {
            return right.equals(new HashSet<>(picked)) ? 1 : 0;
        }
        long rightPicked = picked.stream().filter(right::contains).count();
        long wrongPicked = picked.size() - rightPicked;
        return Math.max(0, (double) (rightPicked - wrongPicked) / right.size());
    }

    /** The option ids a response picks, in its order; problems when it is not a pick of this question's options. */
    private static List<String> picked(Question question, Object response, List<FieldProblem> problems) {
        Set<String> ids = new HashSet<>();
        question.options().forEach(option -> ids.add(option.id()));
        List<String> picked = new ArrayList<>();
        if (!question.multiple()) {
            if (response instanceof String id && ids.contains(id)) {
                picked.add(id);
            } else {
                problems.add(new FieldProblem("", "must be the id of one of the options"));
            }
            return picked;
        }
        if (!(response instanceof List<?> list)) {
            problems.add(new FieldProblem("", "must be a list of option ids"));
            return picked;
        }
        for (int i = 0; i < list.size(); i++) {
            Object id = list.get(i);
            if (!(id instanceof String text) || !ids.contains(text)) {
                problems.add(new FieldProblem("[" + i + "]", "must be the id of one of the options"));
            } else if (picked.contains(text)) {
                problems.add(new FieldProblem("[" + i + "]", "picks option '" + text + "' twice"));
            } else {
                picked.add(text);
            }
        }
        return picked;
    }

    private static Question readValid(QuestionDefinition definition) {
        List<FieldProblem> problems = new ArrayList<>();
        Question question = read(definition, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid multiple-choice definition: " + problems);
        }
        return question;
    }

    private static Question read(QuestionDefinition definition, List<FieldProblem> problems) {
        Map<String, Object> body = definition.body();
        boolean multiple = Fields.bool(body, "multiple", false, problems);
        boolean shuffle = Fields.bool(body, "shuffle", false, problems);
        String explanation = Fields.text(body, "explanation", false, MAX_TEXT, problems);
        String scoring = Fields.text(body, "scoring", false, MAX_ID, problems);
        if (scoring == null) {
            scoring = ALL_OR_NOTHING;
        } else if (!multiple) {
            problems.add(new FieldProblem("scoring", "applies only to questions with \"multiple\": true; use each "
                    + "option's \"credit\" for partly right answers"));
        } else if (!scoring.equals(ALL_OR_NOTHING) && !scoring.equals(PARTIAL)) {
            problems.add(new FieldProblem("scoring", "must be \"" + ALL_OR_NOTHING + "\" or \"" + PARTIAL + "\""));
        }
        List<Option> options = options(body, multiple, problems);
        return new Question(options, multiple, scoring, shuffle, explanation);
    }

    private static List<Option> options(Map<String, Object> body, boolean multiple, List<FieldProblem> problems) {
        List<Option> options = new ArrayList<>();
        Object value = body.get("options");
        if (!(value instanceof List<?> list)) {
            problems.add(new FieldProblem("options", "is required: a list of 2 to " + MAX_OPTIONS + " options"));
            return options;
        }
        if (list.size() < 2 || list.size() > MAX_OPTIONS) {
            problems.add(new FieldProblem("options", "must have 2 to " + MAX_OPTIONS + " options, not " + list.size()));
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "options[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> raw)) {
                problems.add(new FieldProblem(path, "must be an object with id, text and correct"));
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) raw;
            int before = problems.size();
            String id = Fields.text(fields, "id", true, MAX_ID, problems, path);
            String text = Fields.text(fields, "text", true, MAX_TEXT, problems, path);
            boolean correct = Fields.bool(fields, "correct", false, problems, path);
            String feedback = Fields.text(fields, "feedback", false, MAX_TEXT, problems, path);
            double credit = Fields.fraction(fields, "credit", problems, path);
            if (credit > 0 && (multiple || correct)) {
                problems.add(new FieldProblem(path + ".credit", multiple
                        ? "applies only to questions with one answer; use \"scoring\": \"partial\""
                        : "applies only to options that are not the right one"));
            }
            if (id != null && !ids.add(id)) {
                problems.add(new FieldProblem(path + ".id", "'" + id + "' is the id of an earlier option"));
            }
            if (problems.size() == before) {
                options.add(new Option(id, text, correct, credit, feedback));
            }
        }
        long right = options.stream().filter(Option::correct).count();
        if (problems.isEmpty() && multiple && right == 0) {
            problems.add(new FieldProblem("options", "at least one option must be correct"));
        } else if (problems.isEmpty() && !multiple && right != 1) {
            problems.add(new FieldProblem("options", "exactly one option must be correct, not " + right
                    + "; for several right options set \"multiple\": true"));
        }
        return options;
    }
}
