package io.baseplate.quiz.truefalse.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.baseplate.api.quiz.Audience;
import io.baseplate.api.quiz.FieldProblem;
import io.baseplate.api.quiz.QuestionDefinition;

class TrueFalseTest {

    private final TrueFalse type = new TrueFalse();
    private final QuestionDefinition boiling = new QuestionDefinition("true-false",
            "Water boils at 100 °C at sea level.", Map.of("answer", true, "feedbackRight", "FEEDBACK-RIGHT",
            "feedbackWrong", "FEEDBACK-WRONG", "explanation", "EXPLANATION-PRESSURE"));

    @Test
    void theAnswerIsRequiredAndTextsAreBounded() {
        assertEquals(List.of(), type.validate(boiling));
        List<FieldProblem> problems = type.validate(new QuestionDefinition("true-false", "?",
                Map.of("answer", "yes", "explanation", "x".repeat(TrueFalse.MAX_TEXT + 1), "feedbackRight", 3)));
        assertEquals(List.of("answer", "feedbackRight", "explanation"),
                problems.stream().map(FieldProblem::field).toList());
    }

    @Test
    void aStudentSeesOnlyTheStatementATutorTheAnswerAndWhy() {
        String student = type.render(boiling, Audience.STUDENT, 7).view().toString();
        for (String secret : List.of("answer", "true", "FEEDBACK-RIGHT", "FEEDBACK-WRONG", "EXPLANATION-PRESSURE")) {
            assertFalse(student.contains(secret), secret + " in " + student);
        }
        Map<String, Object> tutor = type.render(boiling, Audience.TUTOR, 7).view();
        assertEquals(true, tutor.get("answer"));
        assertEquals("EXPLANATION-PRESSURE", tutor.get("explanation"));
    }

    @Test
    void aResponseGradesAllOrNothingWithItsFeedback() {
        assertEquals(1.0, type.grade(boiling, true).fraction());
        assertEquals("FEEDBACK-RIGHT", type.grade(boiling, true).feedback());
        assertEquals(0.0, type.grade(boiling, false).fraction());
        assertEquals("FEEDBACK-WRONG", type.grade(boiling, false).feedback());
        assertEquals(0.0, type.grade(boiling, null).fraction());
    }

    @Test
    void onlyTrueOrFalseIsAResponse() {
        assertEquals(List.of(), type.checkResponse(boiling, false));
        assertEquals(1, type.checkResponse(boiling, "true").size());
        assertThrows(IllegalArgumentException.class, () -> type.grade(boiling, "true"));
        assertEquals(1, type.validate(new QuestionDefinition("true-false", "?", Map.of())).size());
    }
}
