package io.baseplate.quizzes.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON the quiz tables hold: definition bodies, responses, rendered questions and outcomes. */
final class QuizJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };
    private static final TypeReference<List<QuizService.StudentQuestion>> RENDERED = new TypeReference<>() {
    };
    private static final TypeReference<List<QuizService.QuestionOutcome>> OUTCOMES = new TypeReference<>() {
    };

    private QuizJson() {
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException unwritable) {
            throw new IllegalArgumentException("Not a JSON value: " + unwritable.getOriginalMessage(), unwritable);
        }
    }

    static Map<String, Object> map(String json) {
        return read(json, MAP);
    }

    static List<QuizService.StudentQuestion> rendered(String json) {
        return read(json, RENDERED);
    }

    static List<QuizService.QuestionOutcome> outcomes(String json) {
        return json == null ? null : read(json, OUTCOMES);
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException unreadable) {
            // Only this module writes these columns: unreadable JSON there is a bug, not a client's mistake.
            throw new IllegalStateException("Stored quiz JSON is unreadable: " + unreadable.getOriginalMessage(), unreadable);
        }
    }
}
