package io.baseplate.quizzes.internal;

/** Where a student's attempt stands: answers can be saved while in progress; it is submitted once, then graded. */
public enum AttemptStatus {
    IN_PROGRESS,
    SUBMITTED,
    GRADED
}
