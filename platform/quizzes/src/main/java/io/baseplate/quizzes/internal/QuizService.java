package io.baseplate.quizzes.internal;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.baseplate.api.command.CommandRequest;
import io.baseplate.api.command.PermanentFailure;
import io.baseplate.api.domain.DomainException;
import io.baseplate.api.event.PlatformEvents;
import io.baseplate.api.outbox.Outbox;
import io.baseplate.api.outbox.OutboxWriter;
import io.baseplate.api.persistence.Persistence;
import io.baseplate.api.quiz.Audience;
import io.baseplate.api.quiz.FieldProblem;
import io.baseplate.api.quiz.Grade;
import io.baseplate.api.quiz.QuestionDefinition;
import io.baseplate.api.quiz.QuizEvents;
import io.baseplate.api.quiz.QuizType;
import io.baseplate.api.quiz.RenderedQuestion;
import io.baseplate.api.security.Role;

/**
 * Quizzes, attempts and results. Tutors build quizzes from questions of the installed types, each of which
 * validates its own questions; a student's attempt is rendered once, for the student, with the attempt's seed,
 * and stored as shown, so no route ever reads an answer key out to a student. Submitting queues the grading
 * command in the same transaction; the command grades each question with its type, writes the student's result
 * and adds the attempt to the tutor's per-question report, in one transaction, once.
 */
@Component(service = QuizService.class)
public class QuizService {

    /** The grading command, run by {@link GradeAttemptHandler}. */
    static final String GRADE_COMMAND = "quizzes.GradeAttempt";
    static final String ATTEMPT_ID = "attemptId";
    static final int MAX_TITLE = 200;
    static final int MAX_QUESTIONS = 200;
    static final int MAX_PROMPT = 10_000;
    static final int MAX_MARKS = 1_000;
    /** Serialized size limits, in characters: a definition's body, and one response. */
    static final int MAX_BODY = 65_536;
    static final int MAX_RESPONSE = 16_384;
    /** Who reads quizzes whole (answer keys included), reports and every attempt. */
    static final Role[] STAFF = {Role.TUTOR, Role.TENANT_ADMIN, Role.OPERATOR};
    private static final String STAFF_AUDIENCE = "TUTOR,TENANT_ADMIN,OPERATOR";
    private static final int MAX_LISTED = 200;

    /** A question as a tutor writes it; {@code marks} defaults to 1. */
    public record QuestionInput(String type, String prompt, Integer marks, Map<String, Object> body) {
    }

    /** A quiz as a tutor submits it. */
    public record NewQuiz(String title, List<QuestionInput> questions) {
    }

    /** What anyone in the tenant may know of a quiz. */
    public record QuizSummary(String id, String title, int questionCount, int maxScore, Instant createdAt) {
    }

    /**
     * A question as tutors see it: the definition as written, and the type's tutor view (answer key and
     * explanations) while the type is installed.
     */
    public record TutorQuestion(String id, int position, String type, boolean typeInstalled, String prompt, int marks,
                                Map<String, Object> body, Map<String, Object> view) {
    }

    /** A quiz whole, for tutors. */
    public record TutorQuiz(String id, String title, String createdBy, int questionCount, int maxScore,
                            Instant createdAt, List<TutorQuestion> questions) {
    }

    /** A question as the student of an attempt was shown it: the type's student view, never the answer. */
    public record StudentQuestion(String id, int position, String type, String prompt, int marks,
                                  Map<String, Object> view) {
    }

    /** How one question of an attempt was graded. */
    public record QuestionOutcome(String questionId, double fraction, double score, int marks, String feedback) {
    }

    /**
     * An attempt, for its student and for staff: the questions as shown, the saved answers, and once graded the
     * score and the outcome per question.
     */
    public record AttemptView(String id, String quizId, String studentId, AttemptStatus status, Instant startedAt,
                              Instant submittedAt, Instant gradedAt, Double score, int maxScore,
                              List<StudentQuestion> questions, Map<String, Object> answers,
                              List<QuestionOutcome> outcome) {
    }

    /** One question in the tutor's report. */
    public record QuestionReport(String questionId, int position, String type, String prompt, int marks, int graded,
                                 int answered, int fullCredit, int noCredit, Double averageFraction) {
    }

    /** The tutor's report on a quiz: per question, how the graded attempts did. */
    public record QuizReport(String quizId, String title, int gradedAttempts, List<QuestionReport> questions) {
    }

    private final Persistence persistence;
    private final Outbox outbox;
    private final QuizTypeRegistry types;
    private final SecureRandom seeds = new SecureRandom();

    @Activate
    public QuizService(@Reference Persistence persistence, @Reference Outbox outbox, @Reference QuizTypeRegistry types) {
        this.persistence = persistence;
        this.outbox = outbox;
        this.types = types;
    }

    /** Checks every question with its type and stores the quiz; 400 naming each field at fault. */
    public TutorQuiz create(String tenantId, String tutorId, NewQuiz quiz) {
        List<FieldProblem> problems = new ArrayList<>();
        String title = QuizInput.title(quiz.title(), problems);
        List<QuestionInput> inputs = QuizInput.questions(quiz.questions(), problems);
        List<QuestionEntity> questions = new ArrayList<>();
        String quizId = UUID.randomUUID().toString();
        int maxScore = 0;
        for (int i = 0; i < inputs.size(); i++) {
            String path = "questions[" + i + "]";
            QuestionInput input = inputs.get(i);
            int problemsBefore = problems.size();
            String typeId = QuizInput.typeId(input.type(), path, problems);
            String prompt = QuizInput.prompt(input.prompt(), path, problems);
            int marks = QuizInput.marks(input.marks(), path, problems);
            String body = QuizInput.body(input.body(), path, problems);
            if (problems.size() > problemsBefore) {
                continue;
            }
            Optional<QuizType> type = types.type(typeId);
            if (type.isEmpty()) {
                problems.add(new FieldProblem(path + ".type", "names no installed quiz type; installed: "
                        + types.list().stream().map(QuizTypeRegistry.QuizTypeInfo::id).toList()));
                continue;
            }
            QuestionDefinition definition = new QuestionDefinition(typeId, prompt, QuizJson.map(body));
            for (FieldProblem problem : validate(type.get(), definition)) {
                String field = problem.field().isEmpty() ? path + ".body" : path + ".body." + problem.field();
                problems.add(new FieldProblem(field, problem.message()));
            }
            maxScore += marks;
            questions.add(new QuestionEntity(UUID.randomUUID().toString(), quizId, i + 1, typeId, prompt, marks, body));
        }
        if (!problems.isEmpty()) {
            throw InvalidFieldsException.of("The quiz is not valid", problems);
        }
        QuizEntity entity = new QuizEntity(quizId, title, tutorId, questions.size(), maxScore, Persistence.now());
        persistence.inTenant(tenantId, em -> {
            em.persist(entity);
            for (QuestionEntity question : questions) {
                em.persist(question);
                em.persist(new QuestionStatsEntity(question.id(), quizId));
            }
            return null;
        });
        return tutorView(entity, questions);
    }

    public List<QuizSummary> list(String tenantId) {
        return persistence.inTenant(tenantId, em -> em.createNamedQuery(QuizEntity.NEWEST_FIRST, QuizEntity.class)
                .setMaxResults(MAX_LISTED).getResultList().stream().map(QuizService::summary).toList());
    }

    public QuizSummary summary(String tenantId, String quizId) {
        return persistence.inTenant(tenantId, em -> summary(quiz(em, quizId)));
    }

    /** The quiz whole, for tutors; a question whose type is uninstalled shows its definition without a view. */
    public TutorQuiz tutorView(String tenantId, String quizId) {
        return persistence.inTenant(tenantId, em -> tutorView(quiz(em, quizId), questions(em, quizId)));
    }

    public QuizReport report(String tenantId, String quizId) {
        return persistence.inTenant(tenantId, em -> {
            QuizEntity quiz = quiz(em, quizId);
            Map<String, QuestionStatsEntity> stats = new HashMap<>();
            em.createNamedQuery(QuestionStatsEntity.OF_QUIZ, QuestionStatsEntity.class).setParameter("quiz", quizId)
                    .getResultList().forEach(row -> stats.put(row.questionId(), row));
            List<QuestionReport> rows = new ArrayList<>();
            int graded = 0;
            for (QuestionEntity question : questions(em, quizId)) {
                QuestionStatsEntity row = stats.get(question.id());
                int count = row == null ? 0 : row.graded();
                graded = Math.max(graded, count);
                rows.add(new QuestionReport(question.id(), question.position(), question.typeId(), question.prompt(),
                        question.marks(), count, row == null ? 0 : row.answered(), row == null ? 0 : row.fullCredit(),
                        row == null ? 0 : row.noCredit(), count == 0 ? null : row.fractionSum() / count));
            }
            return new QuizReport(quiz.id(), quiz.title(), graded, rows);
        });
    }

    /**
     * Starts a student's attempt: renders every question for the student with a new seed and stores what was
     * shown. 409 while a question's type is not installed.
     */
    public AttemptView start(String tenantId, String studentId, String quizId) {
        return persistence.inTenant(tenantId, em -> {
            QuizEntity quiz = quiz(em, quizId);
            if (studentId == null) {
                throw DomainException.forbidden("An attempt belongs to a student: start it with the student's own key, "
                        + "not a service account's");
            }
            List<QuestionEntity> questions = questions(em, quizId);
            Map<String, QuizType> installed = requireTypes(questions, "A new attempt");
            long seed = seeds.nextLong();
            List<StudentQuestion> shown = new ArrayList<>();
            for (QuestionEntity question : questions) {
                RenderedQuestion rendered = render(installed.get(question.typeId()), definition(question), seed);
                shown.add(new StudentQuestion(question.id(), question.position(), question.typeId(), rendered.prompt(),
                        question.marks(), rendered.view()));
            }
            AttemptEntity attempt = new AttemptEntity(UUID.randomUUID().toString(), quizId, studentId, seed,
                    QuizJson.write(shown), quiz.maxScore(), Persistence.now());
            em.persist(attempt);
            return view(attempt);
        });
    }

    /** The caller's attempts, or with {@code everyone} (staff) every attempt; newest first, optionally of one quiz. */
    public List<AttemptView> attempts(String tenantId, String studentId, boolean everyone, String quizId) {
        return persistence.inTenant(tenantId, em -> {
            var query = everyone
                    ? em.createNamedQuery(quizId == null ? AttemptEntity.ALL : AttemptEntity.OF_QUIZ, AttemptEntity.class)
                    : em.createNamedQuery(quizId == null ? AttemptEntity.OF_STUDENT : AttemptEntity.OF_STUDENT_IN_QUIZ,
                    AttemptEntity.class).setParameter("student", studentId);
            if (quizId != null) {
                query.setParameter("quiz", quizId);
            }
            return query.setMaxResults(MAX_LISTED).getResultList().stream().map(QuizService::view).toList();
        });
    }

    /**
     * The attempt, if the caller may see it: its student, or staff. Anyone else is told it does not exist.
     */
    public AttemptView attempt(String tenantId, String callerId, boolean staff, String attemptId) {
        return persistence.inTenant(tenantId, em -> view(ownAttempt(em, attemptId, callerId, staff)));
    }

    /**
     * Saves answers of an attempt in progress, each checked by its question's type: a map of question id to
     * response, merged into those saved before (a null response clears one). Only the attempt's student may.
     */
    public AttemptView saveAnswers(String tenantId, String studentId, String attemptId, Map<String, Object> responses) {
        return concurrently(attemptId, () -> persistence.inTenant(tenantId, em -> {
            AttemptEntity attempt = ownAttempt(em, attemptId, studentId, false);
            requireInProgress(attempt);
            Map<String, QuestionEntity> questions = new LinkedHashMap<>();
            questions(em, attempt.quizId()).forEach(question -> questions.put(question.id(), question));
            List<FieldProblem> problems = new ArrayList<>();
            Map<String, Object> answers = QuizJson.map(attempt.answers());
            Map<String, QuizType> installed = requireTypes(responses.keySet().stream().filter(questions::containsKey)
                    .map(questions::get).toList(), "Saving these answers");
            for (Map.Entry<String, Object> entry : responses.entrySet()) {
                String field = entry.getKey();
                QuestionEntity question = questions.get(field);
                if (question == null) {
                    problems.add(new FieldProblem(field, "is not a question of this attempt"));
                    continue;
                }
                if (entry.getValue() == null) {
                    answers.remove(field);
                    continue;
                }
                if (QuizJson.write(entry.getValue()).length() > MAX_RESPONSE) {
                    problems.add(new FieldProblem(field, "must be at most " + MAX_RESPONSE + " characters of JSON"));
                    continue;
                }
                for (FieldProblem problem : checkResponse(installed.get(question.typeId()), definition(question), entry.getValue())) {
                    problems.add(new FieldProblem(problem.field().isEmpty() ? field : field + "." + problem.field(),
                            problem.message()));
                }
                answers.put(field, entry.getValue());
            }
            if (!problems.isEmpty()) {
                throw InvalidFieldsException.of("These answers are not valid", problems);
            }
            attempt.saveAnswers(QuizJson.write(answers));
            em.flush();
            return view(attempt);
        }));
    }

    /** Submits an attempt, once, and queues its grading in the same transaction. */
    public AttemptView submit(String tenantId, String studentId, String attemptId) {
        return concurrently(attemptId, () -> outbox.inTenant(persistence, tenantId, (em, changes) -> {
            AttemptEntity attempt = ownAttempt(em, attemptId, studentId, false);
            requireInProgress(attempt);
            attempt.submit(Persistence.now());
            em.flush();
            changes.submit(CommandRequest.of(tenantId, GRADE_COMMAND, Map.of(ATTEMPT_ID, attemptId))
                    .withDedupeKey("grade:" + attemptId));
            publish(changes, QuizEvents.TOPIC_SUBMITTED, attempt);
            return view(attempt);
        }));
    }

    /**
     * Grades a submitted attempt with its questions' types, writes the result and adds it to the quiz's report,
     * in one transaction. Run again (a retried command), it finds the attempt graded and changes nothing.
     *
     * @return false when the attempt was already graded
     * @throws PermanentFailure when the attempt does not exist or was never submitted
     * @throws IllegalStateException while a question's type is not installed (the command is retried)
     */
    boolean grade(String tenantId, String attemptId) throws PermanentFailure {
        GradingOutcome outcome = outbox.inTenant(persistence, tenantId, (em, changes) -> {
            AttemptEntity attempt = em.find(AttemptEntity.class, attemptId);
            if (attempt == null) {
                return GradingOutcome.MISSING;
            }
            if (attempt.status() == AttemptStatus.GRADED) {
                return GradingOutcome.ALREADY_GRADED;
            }
            if (attempt.status() != AttemptStatus.SUBMITTED) {
                return GradingOutcome.NOT_SUBMITTED;
            }
            Map<String, Object> answers = QuizJson.map(attempt.answers());
            List<QuestionOutcome> outcomes = new ArrayList<>();
            double total = 0;
            for (QuestionEntity question : questions(em, attempt.quizId())) {
                QuizType type = types.type(question.typeId()).orElseThrow(() -> new IllegalStateException(
                        "Quiz type '" + question.typeId() + "' is not installed; the attempt is graded once it is"));
                Object response = answers.get(question.id());
                Grade grade = type.grade(definition(question), response);
                double score = grade.fraction() * question.marks();
                total += score;
                outcomes.add(new QuestionOutcome(question.id(), grade.fraction(), score, question.marks(), grade.feedback()));
                em.createNamedQuery(QuestionStatsEntity.ADD).setParameter("question", question.id())
                        .setParameter("answered", response == null ? 0 : 1)
                        .setParameter("full", grade.fraction() == 1 ? 1 : 0)
                        .setParameter("none", grade.fraction() == 0 ? 1 : 0)
                        .setParameter("fraction", grade.fraction()).executeUpdate();
            }
            attempt.grade(QuizJson.write(outcomes), total, Persistence.now());
            em.flush();
            publish(changes, QuizEvents.TOPIC_GRADED, attempt);
            return GradingOutcome.GRADED;
        });
        return switch (outcome) {
            case GRADED -> true;
            case ALREADY_GRADED -> false;
            case MISSING -> throw new PermanentFailure("No attempt " + attemptId);
            case NOT_SUBMITTED -> throw new PermanentFailure("Attempt " + attemptId + " was never submitted");
        };
    }

    private enum GradingOutcome { GRADED, ALREADY_GRADED, MISSING, NOT_SUBMITTED }

    private static void publish(OutboxWriter changes, String topic, AttemptEntity attempt) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(QuizEvents.ATTEMPT_ID, attempt.id());
        properties.put(QuizEvents.QUIZ_ID, attempt.quizId());
        properties.put(QuizEvents.STUDENT_ID, attempt.studentId());
        properties.put(QuizEvents.MAX_SCORE, (long) attempt.maxScore());
        if (attempt.score() != null) {
            properties.put(QuizEvents.SCORE, attempt.score());
        }
        properties.put(PlatformEvents.AUDIENCE_USERS, attempt.studentId());
        properties.put(PlatformEvents.AUDIENCE_ROLES, STAFF_AUDIENCE);
        changes.publish(topic, attempt.id(), properties);
    }

    /** The types of these questions, each installed now; 409 naming those that are not. */
    private Map<String, QuizType> requireTypes(List<QuestionEntity> questions, String what) {
        Map<String, QuizType> installed = new HashMap<>();
        Set<String> missing = new LinkedHashSet<>();
        for (QuestionEntity question : questions) {
            types.type(question.typeId()).ifPresentOrElse(type -> installed.put(question.typeId(), type),
                    () -> missing.add(question.typeId()));
        }
        if (!missing.isEmpty()) {
            throw DomainException.conflict(what + " needs quiz types that are not installed now: " + String.join(", ", missing)
                    + "; it is possible again once an administrator installs them");
        }
        return installed;
    }

    private TutorQuiz tutorView(QuizEntity quiz, List<QuestionEntity> questions) {
        List<TutorQuestion> shown = new ArrayList<>();
        for (QuestionEntity question : questions) {
            Optional<QuizType> type = types.type(question.typeId());
            Map<String, Object> body = QuizJson.map(question.body());
            Map<String, Object> view = type.map(t -> pluginCall(question.typeId(),
                    () -> t.render(definition(question), Audience.TUTOR, 0L).view())).orElse(null);
            shown.add(new TutorQuestion(question.id(), question.position(), question.typeId(), type.isPresent(),
                    question.prompt(), question.marks(), body, view));
        }
        return new TutorQuiz(quiz.id(), quiz.title(), quiz.createdBy(), quiz.questionCount(), quiz.maxScore(),
                quiz.createdAt(), shown);
    }

    private static QuizSummary summary(QuizEntity quiz) {
        return new QuizSummary(quiz.id(), quiz.title(), quiz.questionCount(), quiz.maxScore(), quiz.createdAt());
    }

    private static AttemptView view(AttemptEntity attempt) {
        return new AttemptView(attempt.id(), attempt.quizId(), attempt.studentId(), attempt.status(),
                attempt.startedAt(), attempt.submittedAt(), attempt.gradedAt(), attempt.score(), attempt.maxScore(),
                QuizJson.rendered(attempt.rendered()), QuizJson.map(attempt.answers()), QuizJson.outcomes(attempt.outcome()));
    }

    private static QuizEntity quiz(EntityManager em, String quizId) {
        QuizEntity quiz = em.find(QuizEntity.class, quizId);
        if (quiz == null) {
            throw DomainException.notFound("No quiz " + quizId);
        }
        return quiz;
    }

    private static List<QuestionEntity> questions(EntityManager em, String quizId) {
        return em.createNamedQuery(QuestionEntity.OF_QUIZ, QuestionEntity.class).setParameter("quiz", quizId).getResultList();
    }

    /** The attempt, for its student or (with {@code staff}) anyone on the staff; 404 for everyone else. */
    private static AttemptEntity ownAttempt(EntityManager em, String attemptId, String callerId, boolean staff) {
        AttemptEntity attempt = em.find(AttemptEntity.class, attemptId);
        if (attempt == null || !(staff || attempt.studentId().equals(callerId))) {
            throw DomainException.notFound("No attempt " + attemptId);
        }
        return attempt;
    }

    private static void requireInProgress(AttemptEntity attempt) {
        if (attempt.status() != AttemptStatus.IN_PROGRESS) {
            throw DomainException.conflict("Attempt " + attempt.id() + " is already submitted; its answers can no longer change");
        }
    }

    private static QuestionDefinition definition(QuestionEntity question) {
        return new QuestionDefinition(question.typeId(), question.prompt(), QuizJson.map(question.body()));
    }

    private static List<FieldProblem> validate(QuizType type, QuestionDefinition definition) {
        return pluginCall(definition.typeId(), () -> type.validate(definition));
    }

    private static RenderedQuestion render(QuizType type, QuestionDefinition definition, long seed) {
        return pluginCall(definition.typeId(), () -> type.render(definition, Audience.STUDENT, seed));
    }

    private static List<FieldProblem> checkResponse(QuizType type, QuestionDefinition definition, Object response) {
        return pluginCall(definition.typeId(), () -> type.checkResponse(definition, response));
    }

    /** A plugin that throws is answered as a rejected request naming the type, not as a server error. */
    private static <T> T pluginCall(String typeId, Supplier<T> call) {
        try {
            return call.get();
        } catch (DomainException | InvalidFieldsException ours) {
            throw ours;
        } catch (RuntimeException failed) {
            throw DomainException.rejected("Quiz type '" + typeId + "' could not handle this question: " + failed);
        }
    }

    /** Two changes to one attempt at once: the one that commits second is told to read it again. */
    private static <T> T concurrently(String attemptId, Supplier<T> change) {
        try {
            return change.get();
        } catch (RuntimeException failed) {
            for (Throwable cause = failed; cause != null; cause = cause.getCause()) {
                if (cause instanceof OptimisticLockException) {
                    throw DomainException.conflict("Attempt " + attemptId + " changed at the same moment; read it and try again");
                }
            }
            throw failed;
        }
    }
}
