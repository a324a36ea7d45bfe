package io.baseplate.quizzes.internal;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;

import io.baseplate.api.persistence.Persistence;

/** A quiz as its tutor built it: a title and, in {@link QuestionEntity}, its questions in order. */
@Entity
@Table(name = "QUIZZES")
@Multitenant
@TenantDiscriminatorColumn(name = "TENANT_ID", contextProperty = Persistence.TENANT_PROPERTY)
@NamedQuery(name = QuizEntity.NEWEST_FIRST, query = "SELECT q FROM QuizEntity q ORDER BY q.createdAt DESC, q.id")
public class QuizEntity {

    static final String NEWEST_FIRST = "Quiz.newestFirst";

    @Id
    @Column(name = "ID")
    private String id;

    @Column(name = "TITLE", nullable = false)
    private String title;

    @Column(name = "CREATED_BY")
    private String createdBy;

    @Column(name = "QUESTION_COUNT", nullable = false)
    private int questionCount;

    @Column(name = "MAX_SCORE", nullable = false)
    private int maxScore;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    protected QuizEntity() {
    }

    QuizEntity(String id, String title, String createdBy, int questionCount, int maxScore, Instant createdAt) {
        this.id = id;
        this.title = title;
        this.createdBy = createdBy;
        this.questionCount = questionCount;
        this.maxScore = maxScore;
        this.createdAt = createdAt;
    }

    String id() {
        return id;
    }

    String title() {
        return title;
    }

    String createdBy() {
        return createdBy;
    }

    int questionCount() {
        return questionCount;
    }

    int maxScore() {
        return maxScore;
    }

    Instant createdAt() {
        return createdAt;
    }
}
