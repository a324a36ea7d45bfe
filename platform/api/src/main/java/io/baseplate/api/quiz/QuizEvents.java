package io.baseplate.api.quiz;

/**
 * Event Admin topics and properties the platform posts, through the outbox, when a student's attempt
 * changes. Each event is for its student and the tenant's tutors and staff
 * ({@code audience.users} and {@code audience.roles}, see {@code PlatformEvents}); subscribe to
 * {@value #TOPIC_ALL} for all of them.
 */
public final class QuizEvents {

    public static final String TOPIC_PREFIX = "baseplate/quiz/";
    public static final String TOPIC_ALL = TOPIC_PREFIX + "*";
    /** The student submitted the attempt; its grading is queued. */
    public static final String TOPIC_SUBMITTED = TOPIC_PREFIX + "ATTEMPT_SUBMITTED";
    /** The attempt's result is ready. */
    public static final String TOPIC_GRADED = TOPIC_PREFIX + "ATTEMPT_GRADED";

    /** Event property (String): the attempt id. */
    public static final String ATTEMPT_ID = "quiz.attemptId";
    /** Event property (String): the quiz id. */
    public static final String QUIZ_ID = "quiz.id";
    /** Event property (String): the student's user id. */
    public static final String STUDENT_ID = "quiz.studentId";
    /** Event property (Double): the attempt's score, on {@link #TOPIC_GRADED} events only. */
    public static final String SCORE = "quiz.score";
    /** Event property (Long): the most the attempt could score. */
    public static final String MAX_SCORE = "quiz.maxScore";

    private QuizEvents() {
    }
}
