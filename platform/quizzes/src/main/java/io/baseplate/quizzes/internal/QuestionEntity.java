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
 * One question of a quiz: its type, prompt and marks, and the type's own definition body as JSON. The body
 * holds the answer key: it is read out only in tutor views and handed to the question's type.
 */
@Entity
@Table(name = "QUIZ_QUESTIONS")
@Multitenant
@TenantDiscriminatorColumn(name = "TENANT_ID", contextProperty = Persistence.TENANT_PROPERTY)
@NamedQuery(name = QuestionEntity.OF_QUIZ, query = "SELECT q FROM QuestionEntity q WHERE q.quizId = :quiz ORDER BY q.position")
public class QuestionEntity {

    static final String OF_QUIZ = "Question.ofQuiz";

    @Id
    @Column(name = "ID")
    private String id;

    @Column(name = "QUIZ_ID", nullable = false)
    private String quizId;

    @Column(name = "POSITION", nullable = false)
    private int position;

    @Column(name = "TYPE_ID", nullable = false)
    private String typeId;

    @Column(name = "PROMPT", nullable = false)
    private String prompt;

    @Column(name = "MARKS", nullable = false)
    private int marks;

    @Column(name = "BODY", nullable = false)
    private String body;

    protected QuestionEntity() {
    }

    QuestionEntity(String id, String quizId, int position, String typeId, String prompt, int marks, String body) {
        this.id = id;
        this.quizId = quizId;
        this.position = position;
        this.typeId = typeId;
        this.prompt = prompt;
        this.marks = marks;
        this.body = body;
    }

    String id() {
        return id;
    }

    String quizId() {
        return quizId;
    }

    int position() {
        return position;
    }

    String typeId() {
        return typeId;
    }

    String prompt() {
        return prompt;
    }

    int marks() {
        return marks;
    }

    String body() {
        return body;
    }
}
