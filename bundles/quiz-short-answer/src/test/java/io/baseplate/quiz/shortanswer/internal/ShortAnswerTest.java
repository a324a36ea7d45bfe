package io.baseplate.quiz.shortanswer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.baseplate.api.quiz.Audience;
import io.baseplate.api.quiz.FieldProblem;
import io.baseplate.api.quiz.QuestionDefinition;

class ShortAnswerTest {

    private final ShortAnswer type = new ShortAnswer();

    private static QuestionDefinition question(Map<String, Object> body) {
        return new QuestionDefinition("short-answer", "The capital of France?", body);
    }

    private final QuestionDefinition capital = question(Map.of("answers", List.of("Paris", "Paris,  France"),
            "patterns", List.of("par(ee|is)h?"), "feedbackRight", "FEEDBACK-RIGHT", "explanation", "EXPLANATION-SEINE"));

    @Test
    void answersAreComparedWithCaseAndSpacesNormalised() {
        for (String given : List.of("Paris", "  paris ", "PARIS", "paris,\tfrance", "Paris, France")) {
            assertEquals(1.0, type.grade(capital, given).fraction(), given);
        }
        assertEquals("FEEDBACK-RIGHT", type.grade(capital, "paris").feedback());
        assertEquals(0.0, type.grade(capital, "Lyon").fraction());
        assertEquals("Incorrect", type.grade(capital, "Lyon").feedback());
        assertEquals(0.0, type.grade(capital, null).fraction());
    }

    @Test
    void caseMattersWhenTheTutorSaysSo() {
        QuestionDefinition symbol = question(Map.of("answers", List.of("NaCl"), "caseSensitive", true));

        assertEquals(1.0, type.grade(symbol, " NaCl ").fraction());
        assertEquals(0.0, type.grade(symbol, "nacl").fraction());
    }

    @Test
    void patternsMatchTheWholeNormalisedAnswer() {
        assertEquals(1.0, type.grade(capital, "Paree").fraction());
        assertEquals(1.0, type.grade(capital, "PARISH").fraction());
        assertEquals(0.0, type.grade(capital, "comparison").fraction(), "a pattern matches the whole answer");
    }

    @Test
    void aCatastrophicallyBacktrackingPatternStopsAtItsBudget() {
        QuestionDefinition evil = question(Map.of("patterns", List.of("(a+)+$", "(x|x)*y")));
        String attack = "a".repeat(40) + "!";

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertEquals(0.0, type.grade(evil, attack).fraction());
            assertEquals(0.0, type.grade(evil, "x".repeat(60)).fraction());
        });
        assertEquals(1.0, type.grade(evil, "aaaa").fraction(), "the pattern still works on fair input");
    }

    @Test
    void eachProblemIsReportedAtItsField() {
        List<FieldProblem> problems = type.validate(question(Map.of("answers", List.of("ok", "", 4),
                "patterns", List.of("(unclosed"), "caseSensitive", "no", "explanation", 5)));

        assertEquals(List.of("answers[1]", "answers[2]", "patterns[0]", "caseSensitive", "explanation"),
                problems.stream().map(FieldProblem::field).toList(), problems.toString());
        assertEquals(List.of("answers"), type.validate(question(Map.of())).stream().map(FieldProblem::field).toList());
        assertEquals(List.of(), type.validate(capital));
    }

    @Test
    void aStudentSeesNoAcceptedAnswerPatternFeedbackNorExplanation() {
        String student = type.render(capital, Audience.STUDENT, 3).view().toString();

        for (String secret : List.of("Paris", "par(ee|is)", "FEEDBACK-RIGHT", "EXPLANATION-SEINE", "answers")) {
            assertFalse(student.contains(secret), secret + " in " + student);
        }
        Map<String, Object> tutor = type.render(capital, Audience.TUTOR, 3).view();
        assertEquals(List.of("Paris", "Paris,  France"), tutor.get("answers"));
        assertEquals("EXPLANATION-SEINE", tutor.get("explanation"));
    }

    @Test
    void aResponseIsAStringOfBoundedLength() {
        assertEquals(List.of(), type.checkResponse(capital, "Paris"));
        assertEquals(1, type.checkResponse(capital, "x".repeat(ShortAnswer.MAX_RESPONSE + 1)).size());
        assertEquals(1, type.checkResponse(capital, 42).size());
        assertThrows(IllegalArgumentException.class, () -> type.grade(capital, 42));
    }
}
