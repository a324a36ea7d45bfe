package io.baseplate.quizzes.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;

import io.baseplate.api.persistence.Persistence;

/**
 * The tutor's report on one question: how the graded attempts did on it. Each grading adds its attempt with
 * one atomic update ({@link #ADD}), so gradings of many attempts at once all count.
 */
@Entity
@Table(name = "QUIZ_QUESTION_STATS")
@Multitenant
@TenantDiscriminatorColumn(name = "TENANT_ID", contextProperty = Persistence.TENANT_PROPERTY)
@NamedQuery(name = QuestionStatsEntity.OF_QUIZ, query = "SELECT s FROM QuestionStatsEntity s WHERE s.quizId = :quiz")
@NamedQuery(name = QuestionStatsEntity.ADD, query = "UPDATE QuestionStatsEntity s SET s.graded = s.graded + 1, "
        + "s.answered = s.answered + :answered, s.fullCredit = s.fullCredit + :full, s.noCredit = s.noCredit + :none, "
        + "s.fractionSum = s.fractionSum + :fraction WHERE s.questionId = :question")
public class QuestionStatsEntity {

    static final String OF_QUIZ = "QuestionStats.ofQuiz";
    static final String ADD = "QuestionStats.add";

    @Id
    @Column(name = "QUESTION_ID")
    private String questionId;

    @Column(name = "QUIZ_ID", nullable = false)
    private String quizId;

    @Column(name = "GRADED", nullable = false)
    private int graded;

    @Column(name = "ANSWERED", nullable = false)
    private int answered;

    @Column(name = "FULL_CREDIT", nullable = false)
    private int fullCredit;

    @Column(name = "NO_CREDIT", nullable = false)
    private int noCredit;

    @Column(name = "FRACTION_SUM", nullable = false)
    private double fractionSum;

    protected QuestionStatsEntity() {
    }

    QuestionStatsEntity(String questionId, String quizId) {
        this.questionId = questionId;
        this.quizId = quizId;
    }

    String questionId() {
        return questionId;
    }

    int graded() {
        return graded;
    }

    int answered() {
        return answered;
    }

    int fullCredit() {
        return fullCredit;
    }

    int noCredit() {
        return noCredit;
    }

    double fractionSum() {
        return fractionSum;
    }
}
