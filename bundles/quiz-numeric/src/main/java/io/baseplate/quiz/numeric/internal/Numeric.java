package io.baseplate.quiz.numeric.internal;

import java.math.BigDecimal;
import java.math.MathContext;
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
 * A number, right within a tolerance, optionally with a unit.
 *
 * <p>Definition body:
 * <pre>{
 *   "answer": 9.81,
 *   "tolerance": 0.05,                  // 0 or more; default 0 (exact)
 *   "toleranceKind": "absolute",        // or "relative": a fraction of the answer (0.01 is 1%)
 *   "units": {"m/s2": 1, "cm/s2": 0.01}, // optional: accepted units and what one of each is in the answer's unit
 *   "unitRequired": false,              // with units: whether a bare number is wrong
 *   "feedbackRight": "...", "feedbackWrong": "...", "explanation": "..."
 * }</pre>
 * Response: a number, or a string: a number (decimal, optionally with an exponent: {@code 9.8}, {@code 9.8e0}),
 * then, after white space, one of the units. Arithmetic is decimal ({@link BigDecimal}), so {@code 0.1 + 0.2}
 * style rounding never turns a right answer wrong.
 */
@Component
@QuizTypeId(Numeric.ID)
public class Numeric implements QuizType {

    static final String ID = "numeric";
    static final String ABSOLUTE = "absolute";
    static final String RELATIVE = "relative";
    static final int MAX_TEXT = 2_000;
    static final int MAX_RESPONSE = 100;
    static final int MAX_UNITS = 20;
    private static final List<String> TEXTS = List.of("feedbackRight", "feedbackWrong", "explanation");

    /** A definition's body, read. */
    private record Question(BigDecimal answer, BigDecimal tolerance, boolean relative, Map<String, BigDecimal> units,
                            boolean unitRequired) {
    }

    /** A response, read: a value and its unit (null when none was given). */
    private record Given(BigDecimal value, String unit) {
    }

    @Override
    public List<FieldProblem> validate(QuestionDefinition definition) {
        List<FieldProblem> problems = new ArrayList<>();
        read(definition.body(), problems);
        return problems;
    }

    private static Question read(Map<String, Object> body, List<FieldProblem> problems) {
        BigDecimal answer = number(body.get("answer"));
        if (answer == null) {
            problems.add(new FieldProblem("answer", "is required: a number"));
        }
        BigDecimal tolerance = body.get("tolerance") == null ? BigDecimal.ZERO : number(body.get("tolerance"));
        if (tolerance == null || tolerance.signum() < 0) {
            problems.add(new FieldProblem("tolerance", "must be a number, 0 or more"));
        }
        Object kind = body.getOrDefault("toleranceKind", ABSOLUTE);
        if (!ABSOLUTE.equals(kind) && !RELATIVE.equals(kind)) {
            problems.add(new FieldProblem("toleranceKind", "must be \"" + ABSOLUTE + "\" or \"" + RELATIVE + "\""));
        }
        Map<String, BigDecimal> units = new LinkedHashMap<>();
        Object unitsValue = body.get("units");
        if (unitsValue instanceof Map<?, ?> map && map.size() <= MAX_UNITS) {
            map.forEach((name, factor) -> {
                BigDecimal one = number(factor);
                if (!(name instanceof String unit) || unit.isBlank() || unit.length() > 20 || unit.chars()
                        .anyMatch(Character::isWhitespace)) {
                    problems.add(new FieldProblem("units", "unit names are 1 to 20 characters without spaces"));
                } else if (one == null || one.signum() <= 0) {
                    problems.add(new FieldProblem("units." + unit, "must be a number above 0: what one " + unit
                            + " is in the answer's unit"));
                } else {
                    units.put(unit, one);
                }
            });
        } else if (unitsValue != null) {
            problems.add(new FieldProblem("units", "must be an object of at most " + MAX_UNITS
                    + " units, each with what one of it is in the answer's unit"));
        }
        Object unitRequired = body.getOrDefault("unitRequired", false);
        if (!(unitRequired instanceof Boolean)) {
            problems.add(new FieldProblem("unitRequired", "must be true or false"));
        } else if ((Boolean) unitRequired && unitsValue == null) {
            problems.add(new FieldProblem("unitRequired", "needs \"units\""));
        }
        for (String name : TEXTS) {
            Object value = body.get(name);
            if (value != null && !(value instanceof String text && text.length() <= MAX_TEXT)) {
                problems.add(new FieldProblem(name, "must be a string of at most " + MAX_TEXT + " characters"));
            }
        }
        return new Question(answer, tolerance, RELATIVE.equals(kind), units, Boolean.TRUE.equals(unitRequired));
    }

    /** A JSON number, or a string holding one, as a decimal; null when it is neither. */
    private static BigDecimal number(Object value) {
        BigDecimal parsed;
        if (value instanceof Number number) {
            if (!Double.isFinite(number.doubleValue())) {
                return null;
            }
            parsed = new BigDecimal(number.toString());
        } else if (value instanceof String text && text.length() <= MAX_RESPONSE) {
            try {
                parsed = new BigDecimal(text.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        } else {
            return null;
        }
        // A huge exponent (1e-999999999) is a valid decimal whose plain digits nobody should have to write out.
        return Math.abs(parsed.scale()) > 1_000 ? null : parsed;
    }

    @Override
    public RenderedQuestion render(QuestionDefinition definition, Audience audience, long seed) {
        Question question = readValid(definition);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("units", List.copyOf(question.units().keySet()));
        view.put("unitRequired", question.unitRequired());
        if (audience == Audience.TUTOR) {
            view.put("answer", question.answer().toPlainString());
            view.put("tolerance", question.tolerance().toPlainString());
            view.put("toleranceKind", question.relative() ? RELATIVE : ABSOLUTE);
            for (String name : TEXTS) {
                view.put(name, definition.body().get(name));
            }
        }
        return new RenderedQuestion(ID, definition.prompt(), view);
    }

    @Override
    public List<FieldProblem> checkResponse(QuestionDefinition definition, Object response) {
        Question question = readValid(definition);
        List<FieldProblem> problems = new ArrayList<>();
        given(question, response, problems);
        return problems;
    }

    private static Given given(Question question, Object response, List<FieldProblem> problems) {
        String unit = null;
        Object number = response;
        if (response instanceof String text && text.length() <= MAX_RESPONSE) {
            String[] parts = text.strip().split("\\s+", 2);
            number = parts[0];
            unit = parts.length == 2 ? parts[1] : null;
        }
        BigDecimal value = number(number);
        if (value == null) {
            problems.add(new FieldProblem("", "must be a number, optionally followed by a unit"));
        } else if (unit != null && !question.units().containsKey(unit)) {
            problems.add(new FieldProblem("", question.units().isEmpty() ? "takes no unit"
                    : "'" + unit + "' is not one of the units " + question.units().keySet()));
        }
        return new Given(value, unit);
    }

    @Override
    public Grade grade(QuestionDefinition definition, Object response) {
        Question question = readValid(definition);
        if (response == null) {
            return new Grade(0, "Not answered");
        }
        List<FieldProblem> problems = new ArrayList<>();
        Given given = given(question, response, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("a response that checkResponse refuses: " + problems);
        }
        if (given.unit() == null && question.unitRequired()) {
            return new Grade(0, "A unit is required: one of " + question.units().keySet());
        }
        BigDecimal value = given.unit() == null ? given.value()
                : given.value().multiply(question.units().get(given.unit()), MathContext.DECIMAL128);
        BigDecimal allowed = question.relative()
                ? question.answer().abs().multiply(question.tolerance(), MathContext.DECIMAL128) : question.tolerance();
        boolean right = value.subtract(question.answer(), MathContext.DECIMAL128).abs().compareTo(allowed) <= 0;
        Object feedback = definition.body().get(right ? "feedbackRight" : "feedbackWrong");
        return new Grade(right ? 1 : 0, feedback != null ? (String) feedback : right ? "Correct" : "Incorrect");
    }

    private static Question readValid(QuestionDefinition definition) {
        List<FieldProblem> problems = new ArrayList<>();
        Question question = read(definition.body(), problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid numeric definition: " + problems);
        }
        return question;
    }
}
