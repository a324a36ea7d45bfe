package io.baseplate.quiz.multiplechoice.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.baseplate.api.quiz.Audience;
import io.baseplate.api.quiz.FieldProblem;
import io.baseplate.api.quiz.QuestionDefinition;
import io.baseplate.api.quiz.RenderedQuestion;

class MultipleChoiceTest {

    private final MultipleChoice type = new MultipleChoice();

    private static Map<String, Object> option(String id, String text, boolean correct, String feedback) {
        Map<String, Object> option = new HashMap<>(Map.of("id", id, "text", text, "correct", correct));
        if (feedback != null) {
            option.put("feedback", feedback);
        }
        return option;
    }

    /** The capital of France, one answer; Lyon earns half the marks. */
    private static QuestionDefinition capital() {
        Map<String, Object> lyon = option("b", "Lyon", false, "Second city, not the capital");
        lyon.put("credit", 0.5);
        return new QuestionDefinition("multiple-choice", "The capital of France?", Map.of(
                "options", List.of(option("a", "Paris", true, "FEEDBACK-PARIS"), lyon, option("c", "Nice", false, null),
                        option("d", "Lille", false, null)),
                "shuffle", true, "explanation", "EXPLANATION-SEAT-OF-GOVERNMENT"));
    }

    /** Primes, several answers. */
    private static QuestionDefinition primes(String scoring) {
        return new QuestionDefinition("multiple-choice", "Which are prime?", Map.of(
                "options", List.of(option("2", "2", true, null), option("3", "3", true, null),
                        option("4", "4", false, null), option("5", "5", true, null), option("9", "9", false, null)),
                "multiple", true, "scoring", scoring));
    }

    private static List<String> fields(List<FieldProblem> problems) {
        return problems.stream().map(FieldProblem::field).toList();
    }

    @Test
    void aWellFormedQuestionHasNoProblems() {
        assertEquals(List.of(), type.validate(capital()));
        assertEquals(List.of(), type.validate(primes("partial")));
    }

    @Test
    void eachProblemIsReportedAtItsField() {
        List<Object> options = new ArrayList<>(List.of(option("a", "One", true, null), option("a", "", true, null),
                Map.of("id", 7, "text", "Seven"), "not an option"));
        Map<String, Object> credited = option("e", "Five", false, null);
        credited.put("credit", 1.5);
        options.add(credited);
        QuestionDefinition broken = new QuestionDefinition("multiple-choice", "?",
                Map.of("options", options, "scoring", "partial", "shuffle", "yes"));

        List<FieldProblem> problems = type.validate(broken);

        assertEquals(List.of("shuffle", "scoring", "options[1].text", "options[1].id", "options[2].id", "options[3]",
                "options[4].credit"), fields(problems), problems.toString());
    }

    @Test
    void aQuestionNeedsItsOptionsAndTheRightNumberOfRightOnes() {
        assertEquals(List.of("options"), fields(type.validate(new QuestionDefinition("multiple-choice", "?", Map.of()))));
        QuestionDefinition twoRight = new QuestionDefinition("multiple-choice", "?", Map.of("options",
                List.of(option("a", "A", true, null), option("b", "B", true, null))));
        List<FieldProblem> problems = type.validate(twoRight);
        assertEquals(List.of("options"), fields(problems));
        assertTrue(problems.get(0).message().contains("exactly one option must be correct"), problems.toString());
        QuestionDefinition noneRight = new QuestionDefinition("multiple-choice", "?", Map.of("multiple", true,
                "options", List.of(option("a", "A", false, null), option("b", "B", false, null))));
        assertEquals(List.of("options"), fields(type.validate(noneRight)));
        QuestionDefinition alone = new QuestionDefinition("multiple-choice", "?", Map.of("options",
                List.of(option("a", "A", true, null))));
        assertEquals(List.of("options"), fields(type.validate(alone)));
    }

    @Test
    void aStudentSeesNoAnswerFeedbackCreditNorExplanation() {
        for (long seed = 0; seed < 20; seed++) {
            String shown = type.render(capital(), Audience.STUDENT, seed).toString();

            for (String secret : List.of("correct", "credit", "feedback", "FEEDBACK-PARIS", "Second city",
                    "EXPLANATION-SEAT-OF-GOVERNMENT", "0.5", "true")) {
                assertFalse(shown.contains(secret), secret + " in " + shown);
            }
            assertTrue(shown.contains("Paris") && shown.contains("Lille"), shown);
        }
    }

    @Test
    void aTutorSeesTheKeyTheCreditsAndTheExplanation() {
        RenderedQuestion tutor = type.render(capital(), Audience.TUTOR, 1);

        String shown = tutor.toString();
        assertTrue(shown.contains("FEEDBACK-PARIS") && shown.contains("EXPLANATION-SEAT-OF-GOVERNMENT"), shown);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> options = (List<Map<String, Object>>) tutor.view().get("options");
        assertEquals(List.of(true, false, false, false), options.stream().map(o -> o.get("correct")).toList());
        assertEquals(List.of(1.0, 0.5, 0.0, 0.0), options.stream().map(o -> o.get("credit")).toList());
    }

    @Test
    void oneAttemptAlwaysRendersTheSameOrderAndAttemptsDiffer() {
        List<Object> first = order(type.render(capital(), Audience.STUDENT, 42));

        assertEquals(first, order(type.render(capital(), Audience.STUDENT, 42)));
        boolean anotherOrder = false;
        for (long seed = 0; seed < 20 && !anotherOrder; seed++) {
            anotherOrder = !order(type.render(capital(), Audience.STUDENT, seed)).equals(first);
        }
        assertTrue(anotherOrder, "20 seeds all gave one order");
        assertEquals(List.of("2", "3", "4", "5", "9"), order(type.render(primes("partial"), Audience.STUDENT, 42)),
                "no shuffle unless asked");
    }

    private static List<Object> order(RenderedQuestion rendered) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> options = (List<Map<String, Object>>) rendered.view().get("options");
        return options.stream().map(option -> option.get("id")).toList();
    }

    @Test
    void oneAnswerGradesFullPartialCreditOrNothing() {
        assertEquals(1.0, type.grade(capital(), "a").fraction());
        assertEquals("FEEDBACK-PARIS", type.grade(capital(), "a").feedback());
        assertEquals(0.5, type.grade(capital(), "b").fraction());
        assertEquals(0.0, type.grade(capital(), "c").fraction());
        assertEquals("Incorrect", type.grade(capital(), "c").feedback());
        assertEquals(0.0, type.grade(capital(), null).fraction());
    }

    @Test
    void severalAnswersGradeAllOrNothingOrPartially() {
        assertEquals(1.0, type.grade(primes("all-or-nothing"), List.of("5", "2", "3")).fraction());
        assertEquals(0.0, type.grade(primes("all-or-nothing"), List.of("2", "3")).fraction());
        assertEquals(2.0 / 3, type.grade(primes("partial"), List.of("2", "3")).fraction(), 1e-9);
        assertEquals(1.0 / 3, type.grade(primes("partial"), List.of("2", "3", "4")).fraction(), 1e-9);
        assertEquals(0.0, type.grade(primes("partial"), List.of("2", "4", "9")).fraction(),
                "never below nothing");
        assertEquals(0.0, type.grade(primes("partial"), List.of()).fraction());
    }

    @Test
    void aResponseThatIsNotAPickOfTheOptionsIsRefused() {
        assertEquals(List.of(""), fields(type.checkResponse(capital(), "z")));
        assertEquals(List.of(""), fields(type.checkResponse(capital(), List.of("a"))));
        assertEquals(List.of(), type.checkResponse(capital(), "a"));
        assertEquals(List.of("[1]", "[2]"), fields(type.checkResponse(primes("partial"), List.of("2", "2", 3))));
        assertEquals(List.of(""), fields(type.checkResponse(primes("partial"), "2")));
        assertThrows(IllegalArgumentException.class, () -> type.grade(capital(), "z"));
    }

    @Test
    void anInvalidDefinitionIsNeitherRenderedNorGraded() {
        QuestionDefinition broken = new QuestionDefinition("multiple-choice", "?", Map.of("options", "none"));

        assertThrows(IllegalArgumentException.class, () -> type.render(broken, Audience.STUDENT, 1));
        assertThrows(IllegalArgumentException.class, () -> type.grade(broken, "a"));
        assertNotEquals(List.of(), type.validate(broken));
    }
}
