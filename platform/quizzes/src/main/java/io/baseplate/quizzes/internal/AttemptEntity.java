package io.baseplate.quizzes.internal;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;

import io.baseplate.api.persistence.Persistence;

/**
 * A student's attempt at a quiz: what the student was shown (rendered once, with the attempt's seed), the
 * answers saved so far, and once graded the outcome per question. The version makes every change a
 * compare-and-set, so an answer saved while the attempt is submitted, or a grading run twice at once, loses
 * cleanly instead of overwriting.
 */
@Entity
@Table(name = "QUIZ_ATTEMPTS")
@Multitenant
@TenantDiscriminatorColumn(name = "TENANT_ID", contextProperty = Persistence.TENANT_PROPERTY)
@NamedQuery(name = AttemptEntity.OF_STUDENT, query = "SELECT a FROM AttemptEntity a WHERE a.studentId = :student "
        + "ORDER BY a.startedAt DESC, a.id")
@NamedQuery(name = AttemptEntity.OF_STUDENT_IN_QUIZ, query = "SELECT a FROM AttemptEntity a WHERE a.studentId = :student "
        + "AND a.quizId = :quiz ORDER BY a.startedAt DESC, a.id")
@NamedQuery(name = AttemptEntity.ALL, query = "SELECT a FROM AttemptEntity a ORDER BY a.startedAt DESC, a.id")
@NamedQuery(name = AttemptEntity.OF_QUIZ, query = "SELECT a FROM AttemptEntity a WHERE a.quizId = :quiz "
        + "ORDER BY a.startedAt DESC, a.id")
public class AttemptEntity {

    static final String OF_STUDENT = "Attempt.ofStudent";
    static final String OF_STUDENT_IN_QUIZ = "Attempt.ofStudentInQuiz";
    static final String ALL = "Attempt.all";
    static final String OF_QUIZ = "Attempt.ofQuiz";

    @Id
    @Column(name = "ID")
    private String id;

    @Column(name = "QUIZ_ID", nullable = false)
    private String quizId;

    @Column(name = "STUDENT_ID", nullable = false)
    private String studentId;

    @Column(name = "SEED", nullable = false)
    private long seed;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATUS", nullable = false)
    private AttemptStatus status;

    @Column(name = "RENDERED", nullable = false)
    private String rendered;

    @Column(name = "ANSWERS", nullable = false)
    private String answers;

    @Column(name = "OUTCOME")
    private String outcome;

    @Column(name = "SCORE")
    private Double score;

    @Column(name = "MAX_SCORE", nullable = false)
    private int maxScore;

    @Column(name = "STARTED_AT", nullable = false)
    private Instant startedAt;

    @Column(name = "SUBMITTED_AT")
    private Instant submittedAt;

    @Column(name = "GRADED_AT")
    private Instant gradedAt;

    @Version
    @Column(name = "VERSION", nullable = false)
    private long version;

    protected AttemptEntity() {
    }

    AttemptEntity(String id, String quizId, String studentId, long seed, String rendered, int maxScore, Instant now) {
        this.id = id;
        this.quizId = quizId;
        this.studentId = studentId;
        this.seed = seed;
        this.status = AttemptStatus.IN_PROGRESS;
        this.rendered = rendered;
        this.answers = "{}";
        this.maxScore = maxScore;
        this.startedAt = now;
    }

    void saveAnswers(String allAnswers) {
        this.answers = allAnswers;
    }

    void submit(Instant now) {
        this.status = AttemptStatus.SUBMITTED;
        this.submittedAt = now;
    }

    void grade(String gradedOutcome, double totalScore, Instant now) {
        this.status = AttemptStatus.GRADED;
        this.outcome = gradedOutcome;
        this.score = totalScore;
        this.gradedAt = now;
    }

    String id() {
        return id;
    }

    String quizId() {
        return quizId;
    }

    String studentId() {
        return studentId;
    }

    long seed() {
        return seed;
    }

    AttemptStatus status() {
        return status;
    }

    String rendered() {
        return rendered;
    }

    String answers() {
        return answers;
    }

    String outcome() {
        return outcome;
    }

    Double score() {
        return score;
    }

    int maxScore() {
        return maxScore;
    }

    Instant startedAt() {
        return startedAt;
    }

    Instant submittedAt() {
        return submittedAt;
    }

    Instant gradedAt() {
        return gradedAt;
    }
}
