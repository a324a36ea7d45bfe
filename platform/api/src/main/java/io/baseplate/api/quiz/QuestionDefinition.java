package io.baseplate.api.quiz;

import java.util.Map;
import java.util.Objects;

/**
 * A question as a tutor defined it.
 *
 * @param typeId the {@link QuizType#TYPE_ID} of its type
 * @param prompt what is asked, as the student reads it
 * @param body   the type's own part (options, accepted answers, tolerance...), as its type documents it
 */
public record QuestionDefinition(String typeId, String prompt, Map<String, Object> body) {

    public QuestionDefinition {
        Objects.requireNonNull(typeId, "typeId");
        Objects.requireNonNull(prompt, "prompt");
        body = body == null ? Map.of() : body;
    }
}
