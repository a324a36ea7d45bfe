package io.baseplate.api.quiz;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A kind of question (multiple choice, true/false, short answer, numeric...), contributed by a plugin bundle
 * as a whiteboard service with the {@value #TYPE_ID} property ({@link QuizTypeId}). The platform owns quizzes,
 * questions, attempts and results; a quiz type owns what its questions mean: whether a definition is valid,
 * what a student and a tutor see, and how a response is graded.
 *
 * <p>A question's definition and a student's response are JSON values as Java objects: {@link Map} with
 * {@link String} keys, {@link List}, {@link String}, {@link Number}, {@link Boolean} or null. Each type
 * documents its own shape.
 *
 * <p>Selection rule: a question names its type id; when two services register the same id, the one with the
 * highest {@code service.ranking}, then the lowest {@code service.id}, serves. A question whose type is not
 * installed stays stored and readable; it cannot be rendered for a student nor graded until the type returns.
 *
 * <p>Implementations must be thread safe, keep no state between calls, and be deterministic: the same
 * definition, audience and seed always render the same, and the same definition and response always grade the
 * same, so results can be generated again.
 */
@ConsumerType
public interface QuizType {

    /** Service property: the type id, e.g. {@code multiple-choice}. Ids are lower case, digits and dashes. */
    String TYPE_ID = "baseplate.quiz.type.id";

    /**
     * Checks a question's definition, as a tutor wrote it.
     *
     * @return what is wrong, per field of the definition (e.g. {@code options[2].text}); empty when it is valid
     */
    List<FieldProblem> validate(QuestionDefinition definition);

    /**
     * What {@code audience} sees of a valid question. A {@link Audience#STUDENT} view never contains the answer,
     * the feedback of the options, nor anything that gives the answer away; a {@link Audience#TUTOR} view shows
     * the answer key and the explanations.
     *
     * @param seed the attempt's seed: a type that shuffles (options, say) shuffles with it, so that one attempt
     *             always renders the same way and two attempts usually do not
     */
    RenderedQuestion render(QuestionDefinition definition, Audience audience, long seed);

    /**
     * Checks a response's shape against a valid question before it is saved: an option that does not exist, a
     * number that is not one. A wrong answer is not a problem here.
     *
     * @return what is wrong with the response; empty when it can be graded
     */
    List<FieldProblem> checkResponse(QuestionDefinition definition, Object response);

    /**
     * Grades a response that {@link #checkResponse} accepted; a missing response (null) grades as unanswered.
     *
     * @return the score as a fraction of the question's marks, with feedback for the student
     */
    Grade grade(QuestionDefinition definition, Object response);
}
