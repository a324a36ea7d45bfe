package io.baseplate.api.quiz;

import java.util.Map;
import java.util.Objects;

/**
 * A question as one audience sees it.
 *
 * @param typeId the type that rendered it
 * @param prompt what is asked
 * @param view   the type's own part for this audience (for a student, e.g., the options in the attempt's order)
 */
public record RenderedQuestion(String typeId, String prompt, Map<String, Object> view) {

    public RenderedQuestion {
        Objects.requireNonNull(typeId, "typeId");
        Objects.requireNonNull(prompt, "prompt");
        view = view == null ? Map.of() : view;
    }
}
