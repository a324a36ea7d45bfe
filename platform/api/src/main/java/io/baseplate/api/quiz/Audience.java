package io.baseplate.api.quiz;

/** Who a question is rendered for. */
public enum Audience {
    /** Sees the question and what to answer with, never the answer. */
    STUDENT,
    /** Sees the answer key and the explanations as well. */
    TUTOR
}
