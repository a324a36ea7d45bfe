package io.baseplate.quiz.numeric.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.baseplate.api.quiz.Audience;
import io.baseplate.api.quiz.FieldProblem;
import io.baseplate.api.quiz.QuestionDefinition;

class NumericTest {

    private final Numeric type = new Numeric();

    private static QuestionDefinition question(Map<String, Object> body) {
        return new QuestionDefinition("numeric", "Gravity at the Earth's surface?", body);
    }

    private final QuestionDefinition gravity = question(Map.of("answer", 9.81, "tolerance", 0.05,
            "units", Map.of("m/s2", 1, "cm/s2", 0.01), "feedbackWrong", "FEEDBACK-WRONG",
            "explanation", "EXPLANATION-NEWTON"));

    @Test
    void aValueWithinTheAbsoluteToleranceIsRight() {
        assertEquals(1.0, type.grade(gravity, 9.81).fraction());
        assertEquals(1.0, type.grade(gravity, 9.86).fraction(), "the edge of the tolerance is inside");
        assertEquals(1.0, type.grade(gravity, "9.76").fraction());
        assertEquals(0.0, type.grade(gravity, 9.87).fraction());
        assertEquals("FEEDBACK-WRONG", type.grade(gravity, 9.87).feedback());
        assertEquals(0.0, type.grade(gravity, null).fraction());
    }

    @Test
    void aRelativeToleranceIsAFractionOfTheAnswer() {
        QuestionDefinition avogadro = question(Map.of("answer", "6.02214076e23", "tolerance", 0.01,
                "toleranceKind", "relative"));

        assertEquals(1.0, type.grade(avogadro, "6.0e23").fraction());
        assertEquals(1.0, type.grade(avogadro, "6.08e23").fraction());
        assertEquals(0.0, type.grade(avogadro, "6.09e23").fraction());
        assertEquals(0.0, type.grade(avogadro, 6.0).fraction());
    }

    @Test
    void unitsConvertToTheAnswersUnitAndCanBeRequired() {
        assertEquals(1.0, type.grade(gravity, "981 cm/s2").fraction());
        assertEquals(1.0, type.grade(gravity, "9.8 m/s2").fraction());
        assertEquals(0.0, type.grade(gravity, "9.8 cm/s2").fraction());
        QuestionDefinition strict = question(Map.of("answer", 2, "units", Map.of("m", 1, "km", 1000),
                "unitRequired", true));
        assertEquals(0.0, type.grade(strict, "2").fraction());
        assertEquals(1.0, type.grade(strict, "0.002 km").fraction());
    }

    @Test
    void decimalArithmeticKeepsExactAnswersExact() {
        QuestionDefinition sum = question(Map.of("answer", 0.3));

        assertEquals(1.0, type.grade(sum, "0.30").fraction());
        assertEquals(1.0, type.grade(sum, 0.3).fraction());
        assertEquals(0.0, type.grade(sum, "0.3000000001").fraction(), "no tolerance means exact");
    }

    @Test
    void aResponseIsANumberAndAKnownUnit() {
        assertEquals(List.of(), type.checkResponse(gravity, "9.8 m/s2"));
        for (Object bad : List.of("nine", "9.8 furlongs", "", Double.NaN, "1e-999999999", List.of(9.8))) {
            assertEquals(1, type.checkResponse(gravity, bad).size(), String.valueOf(bad));
        }
        assertEquals(1, type.checkResponse(question(Map.of("answer", 1)), "1 m").size(), "no units defined");
        assertThrows(IllegalArgumentException.class, () -> type.grade(gravity, "nine"));
    }

    @Test
    void eachProblemIsReportedAtItsField() {
        List<FieldProblem> problems = type.validate(question(Map.of("answer", "many", "tolerance", -1,
                "toleranceKind", "fuzzy", "units", Map.of("m", 0), "unitRequired", "yes", "explanation", 3)));

        assertEquals(List.of("answer", "tolerance", "toleranceKind", "units.m", "unitRequired", "explanation"),
                problems.stream().map(FieldProblem::field).toList(), problems.toString());
        assertEquals(List.of("unitRequired"), type.validate(question(Map.of("answer", 1, "unitRequired", true)))
                .stream().map(FieldProblem::field).toList());
        assertEquals(List.of(), type.validate(gravity));
    }

    @Test
    void aStudentSeesTheUnitsButNotTheAnswerToleranceNorExplanation() {
        Map<String, Object> student = type.render(gravity, Audience.STUDENT, 1).view();

        for (String secret : List.of("9.81", "0.05", "FEEDBACK-WRONG", "EXPLANATION-NEWTON", "answer", "tolerance")) {
            assertFalse(student.toString().contains(secret), secret + " in " + student);
        }
        assertEquals(2, ((List<?>) student.get("units")).size());
        Map<String, Object> tutor = type.render(gravity, Audience.TUTOR, 1).view();
        assertEquals("9.81", tutor.get("answer"));
        assertEquals("0.05", tutor.get("tolerance"));
    }
}
