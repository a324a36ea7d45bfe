package io.baseplate.quizzes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.baseplate.api.command.CommandRequest;
import io.baseplate.api.command.PermanentFailure;
import io.baseplate.api.domain.DomainException;
import io.baseplate.api.event.PlatformEvents;
import io.baseplate.api.quiz.QuizEvents;
import io.baseplate.core.testing.RecordingOutbox;
import io.baseplate.core.testing.TestDatabase;
import io.baseplate.quiz.multiplechoice.internal.MultipleChoice;
import io.baseplate.quiz.numeric.internal.Numeric;
import io.baseplate.quiz.shortanswer.internal.ShortAnswer;
import io.baseplate.quiz.truefalse.internal.TrueFalse;

/** The quizzes module over a migrated in-memory H2 database, with the four real quiz types. */
class QuizServiceTest {

    private static final String TENANT = "tenant-a";
    private static final String OTHER_TENANT = "tenant-b";
    private static final String TUTOR = "tutor-1";
    private static final String STUDENT = "student-1";
    private static final String OTHER_STUDENT = "student-2";
    /** Values that appear only in answer keys: no student view may contain any of them. */
    private static final List<String> KEY_VALUES = List.of("KEY-CORRECT-OPTION", "KEY-SECRET-ANSWER", "KEY-REGEX",
            "KEY-EXPLANATION", "KEY-OPTION-FEEDBACK", "6.02214076");
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    private TestDatabase database;
    private final InstalledQuizTypes types = new InstalledQuizTypes();
    private final RecordingOutbox outbox = new RecordingOutbox();
    private QuizService quizzes;

    @BeforeEach
    void setUp() throws SQLException {
        database = TestDatabase.inMemory();
        types.install("multiple-choice", new MultipleChoice()).install("true-false", new TrueFalse())
                .install("short-answer", new ShortAnswer()).install("numeric", new Numeric());
        quizzes = new QuizService(database.persistence(QuizEntity.class, QuestionEntity.class, AttemptEntity.class,
                QuestionStatsEntity.class), outbox, types);
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    private static QuizService.NewQuiz quizOfEveryType() {
        return new QuizService.NewQuiz("Chemistry basics", List.of(
                new QuizService.QuestionInput("multiple-choice", "Which is a noble gas?", 2, Map.of(
                        "options", List.of(
                                Map.of("id", "a", "text", "Argon", "correct", true, "feedback", "KEY-OPTION-FEEDBACK"),
                                Map.of("id", "b", "text", "Oxygen"),
                                Map.of("id", "c", "text", "Nitrogen")),
                        "shuffle", true, "explanation", "KEY-EXPLANATION")),
                new QuizService.QuestionInput("true-false", "Water boils at 100 C at sea level.", null,
                        Map.of("answer", true, "explanation", "KEY-EXPLANATION")),
                new QuizService.QuestionInput("short-answer", "Name the lightest element.", 3,
                        Map.of("answers", List.of("KEY-SECRET-ANSWER", "Hydrogen"), "patterns", List.of("KEY-REGEX\\d+"))),
                new QuizService.QuestionInput("numeric", "Avogadro's number?", 4,
                        Map.of("answer", "6.02214076e23", "tolerance", 0.01, "toleranceKind", "relative"))));
    }

    @Test
    void aTutorSeesTheKeyAndAStudentNeverDoes() throws Exception {
        QuizService.TutorQuiz quiz = quizzes.create(TENANT, TUTOR, quizOfEveryType());
        assertEquals(4, quiz.questionCount());
        assertEquals(10, quiz.maxScore());
        String tutorView = JSON.writeValueAsString(quizzes.tutorView(TENANT, quiz.id()));
        for (String key : List.of("KEY-SECRET-ANSWER", "KEY-REGEX", "KEY-EXPLANATION", "KEY-OPTION-FEEDBACK")) {
            assertTrue(tutorView.contains(key), key + " in the tutor's view");
        }

        QuizService.AttemptView attempt = quizzes.start(TENANT, STUDENT, quiz.id());
        List<String> studentResponses = List.of(JSON.writeValueAsString(attempt),
                JSON.writeValueAsString(quizzes.attempt(TENANT, STUDENT, false, attempt.id())),
                JSON.writeValueAsString(quizzes.attempts(TENANT, STUDENT, false, null)),
                JSON.writeValueAsString(quizzes.summary(TENANT, quiz.id())),
                JSON.writeValueAsString(quizzes.list(TENANT)));
        for (String response : studentResponses) {
            for (String key : KEY_VALUES) {
                assertFalse(response.contains(key), key + " must not reach a student: " + response);
            }
            assertFalse(response.contains("\"correct\""), "no option says it is correct: " + response);
        }
        assertEquals(4, attempt.questions().size());
        assertEquals(List.of("Argon", "Oxygen", "Nitrogen").stream().sorted().toList(),
                optionTexts(attempt.questions().get(0)).stream().sorted().toList());
        assertEquals(optionTexts(attempt.questions().get(0)),
                optionTexts(quizzes.attempt(TENANT, STUDENT, false, attempt.id()).questions().get(0)),
                "one attempt always shows the same order");
    }

    @SuppressWarnings("unchecked")
    private static List<String> optionTexts(QuizService.StudentQuestion question) {
        return ((List<Map<String, Object>>) question.view().get("options")).stream().map(o -> (String) o.get("text")).toList();
    }

    @Test
    void aQuizWithFaultyQuestionsIsRefusedNamingEveryField() {
        QuizService.NewQuiz faulty = new QuizService.NewQuiz(" ", List.of(
                new QuizService.QuestionInput("multiple-choice", "Pick one", 1, Map.of("options", List.of(Map.of("id", "a", "text", "Only")))),
                new QuizService.QuestionInput("essay", "Write", 1, Map.of()),
                new QuizService.QuestionInput("true-false", "", 0, Map.of("answer", "yes")),
                new QuizService.QuestionInput("NUMERIC; DROP TABLE", "x", 1, Map.of())));
        InvalidFieldsException refused = assertThrows(InvalidFieldsException.class, () -> quizzes.create(TENANT, TUTOR, faulty));
        assertEquals(400, refused.getResponse().getStatus());
        @SuppressWarnings("unchecked")
        List<Map<String, String>> errors = (List<Map<String, String>>) ((Map<String, Object>) refused.getResponse().getEntity()).get("errors");
        List<String> fields = errors.stream().map(e -> e.get("field")).toList();
        assertTrue(fields.contains("title"), fields.toString());
        assertTrue(fields.stream().anyMatch(f -> f.startsWith("questions[0].body")), fields.toString());
        assertTrue(fields.contains("questions[1].type"), fields.toString());
        assertTrue(fields.contains("questions[2].prompt"), fields.toString());
        assertTrue(fields.contains("questions[2].marks"), fields.toString());
        assertTrue(fields.contains("questions[3].type"), fields.toString());
        assertTrue(quizzes.list(TENANT).isEmpty(), "nothing is stored");

        assertEquals(1, assertThrows(InvalidFieldsException.class, () -> quizzes.create(TENANT, TUTOR,
                new QuizService.NewQuiz("Empty", List.of()))).getResponse().getStatus() / 400);
    }

    @Test
    void answersAreCheckedByTheirTypeThenSubmittedOnceAndGradedOnce() throws Exception {
        QuizService.TutorQuiz quiz = quizzes.create(TENANT, TUTOR, quizOfEveryType());
        QuizService.AttemptView attempt = quizzes.start(TENANT, STUDENT, quiz.id());
        List<String> ids = attempt.questions().stream().map(QuizService.StudentQuestion::id).toList();

        Map<String, Object> wrongShapes = new LinkedHashMap<>();
        wrongShapes.put(ids.get(0), "z");
        wrongShapes.put(ids.get(3), "six hundred");
        wrongShapes.put("no-such-question", true);
        InvalidFieldsException refused = assertThrows(InvalidFieldsException.class,
                () -> quizzes.saveAnswers(TENANT, STUDENT, attempt.id(), wrongShapes));
        assertTrue(refused.getMessage().contains(ids.get(0)) && refused.getMessage().contains(ids.get(3))
                && refused.getMessage().contains("no-such-question"), refused.getMessage());
        assertTrue(quizzes.attempt(TENANT, STUDENT, false, attempt.id()).answers().isEmpty(), "nothing half-saved");

        quizzes.saveAnswers(TENANT, STUDENT, attempt.id(), Map.of(ids.get(0), "a", ids.get(1), false));
        Map<String, Object> more = new LinkedHashMap<>();
        more.put(ids.get(2), "  hydrogen ");
        more.put(ids.get(3), "6.03e23");
        more.put(ids.get(1), null);
        QuizService.AttemptView saved = quizzes.saveAnswers(TENANT, STUDENT, attempt.id(), more);
        assertEquals(3, saved.answers().size(), "merged, and the null cleared one: " + saved.answers());

        assertEquals(404, status(() -> quizzes.saveAnswers(TENANT, OTHER_STUDENT, attempt.id(), Map.of(ids.get(1), true))));
        assertEquals(404, status(() -> quizzes.submit(TENANT, OTHER_STUDENT, attempt.id())));
        assertEquals(404, status(() -> quizzes.attempt(TENANT, OTHER_STUDENT, false, attempt.id())));
        assertEquals(404, status(() -> quizzes.attempt(OTHER_TENANT, STUDENT, true, attempt.id())));
        assertTrue(quizzes.attempts(TENANT, OTHER_STUDENT, false, null).isEmpty());
        assertEquals(1, quizzes.attempts(TENANT, TUTOR, true, quiz.id()).size(), "staff see every attempt");

        QuizService.AttemptView submitted = quizzes.submit(TENANT, STUDENT, attempt.id());
        assertEquals(AttemptStatus.SUBMITTED, submitted.status());
        assertEquals(409, status(() -> quizzes.submit(TENANT, STUDENT, attempt.id())));
        assertEquals(409, status(() -> quizzes.saveAnswers(TENANT, STUDENT, attempt.id(), Map.of(ids.get(1), true))));
        assertEquals(1, outbox.submitted.size());
        CommandRequest grading = outbox.submitted.get(0);
        assertEquals(QuizService.GRADE_COMMAND, grading.type());
        assertEquals("grade:" + attempt.id(), grading.dedupeKey());

        assertTrue(quizzes.grade(TENANT, attempt.id()));
        QuizService.AttemptView graded = quizzes.attempt(TENANT, STUDENT, false, attempt.id());
        assertEquals(AttemptStatus.GRADED, graded.status());
        // 2 (noble gas) + 0 (true-false unanswered) + 3 (hydrogen) + 4 (within 1%) = 9 of 10
        assertEquals(9.0, graded.score(), 1e-9);
        assertEquals(List.of(1.0, 0.0, 1.0, 1.0), graded.outcome().stream().map(QuizService.QuestionOutcome::fraction).toList());
        assertEquals("Not answered", graded.outcome().get(1).feedback());

        assertFalse(quizzes.grade(TENANT, attempt.id()), "a retried grading changes nothing");
        QuizService.QuizReport report = quizzes.report(TENANT, quiz.id());
        assertEquals(1, report.gradedAttempts());
        assertEquals(List.of(1, 0, 1, 1), report.questions().stream().map(QuizService.QuestionReport::fullCredit).toList());
        assertEquals(List.of(1, 0, 1, 1), report.questions().stream().map(QuizService.QuestionReport::answered).toList());
        assertEquals(0.0, report.questions().get(1).averageFraction(), 1e-9);

        List<RecordingOutbox.Published> events = outbox.published;
        assertEquals(List.of(QuizEvents.TOPIC_SUBMITTED, QuizEvents.TOPIC_GRADED), events.stream().map(RecordingOutbox.Published::topic).toList());
        RecordingOutbox.Published gradedEvent = events.get(1);
        assertEquals(STUDENT, gradedEvent.properties().get(PlatformEvents.AUDIENCE_USERS));
        assertTrue(String.valueOf(gradedEvent.properties().get(PlatformEvents.AUDIENCE_ROLES)).contains("TUTOR"));
        assertEquals(9.0, (Double) gradedEvent.properties().get(QuizEvents.SCORE), 1e-9);
    }

    @Test
    void aQuizWhoseTypeIsUninstalledStaysReadableButTakesNoAttemptUntilItReturns() throws Exception {
        QuizService.TutorQuiz quiz = quizzes.create(TENANT, TUTOR, quizOfEveryType());
        QuizService.AttemptView attempt = quizzes.start(TENANT, STUDENT, quiz.id());
        String numericQuestion = attempt.questions().get(3).id();
        quizzes.saveAnswers(TENANT, STUDENT, attempt.id(), Map.of(attempt.questions().get(0).id(), "a"));
        quizzes.submit(TENANT, STUDENT, attempt.id());

        types.uninstall("numeric");
        QuizService.TutorQuiz readable = quizzes.tutorView(TENANT, quiz.id());
        QuizService.TutorQuestion orphan = readable.questions().get(3);
        assertFalse(orphan.typeInstalled());
        assertNull(orphan.view());
        assertEquals("6.02214076e23", orphan.body().get("answer"));
        DomainException refused = assertThrows(DomainException.class, () -> quizzes.start(TENANT, OTHER_STUDENT, quiz.id()));
        assertEquals(DomainException.Kind.CONFLICT, refused.kind());
        assertTrue(refused.getMessage().contains("numeric"), refused.getMessage());
        assertEquals(4, quizzes.attempt(TENANT, STUDENT, false, attempt.id()).questions().size(), "a started attempt still reads");
        assertThrows(IllegalStateException.class, () -> quizzes.grade(TENANT, attempt.id()));
        assertEquals(AttemptStatus.SUBMITTED, quizzes.attempt(TENANT, STUDENT, false, attempt.id()).status());
        assertEquals(0, quizzes.report(TENANT, quiz.id()).gradedAttempts(), "a failed grading counts nothing");
        assertEquals(numericQuestion, readable.questions().get(3).id());

        types.install("numeric", new Numeric());
        assertTrue(quizzes.grade(TENANT, attempt.id()));
        assertEquals(2.0, quizzes.attempt(TENANT, STUDENT, false, attempt.id()).score(), 1e-9);
        assertNotNull(quizzes.start(TENANT, OTHER_STUDENT, quiz.id()));
    }

    @Test
    void quizzesBelongToTheirTenantAndAttemptsToStudents() {
        QuizService.TutorQuiz quiz = quizzes.create(TENANT, TUTOR, quizOfEveryType());
        assertEquals(404, status(() -> quizzes.tutorView(OTHER_TENANT, quiz.id())));
        assertEquals(404, status(() -> quizzes.start(OTHER_TENANT, STUDENT, quiz.id())));
        assertTrue(quizzes.list(OTHER_TENANT).isEmpty());
        assertEquals(403, status(() -> quizzes.start(TENANT, null, quiz.id())), "a service account is no student");
    }

    @Test
    void twoGradingsOfOneAttemptAtOnceCountItOnce() throws Exception {
        QuizService.TutorQuiz quiz = quizzes.create(TENANT, TUTOR, quizOfEveryType());
        for (int round = 0; round < 10; round++) {
            QuizService.AttemptView attempt = quizzes.start(TENANT, STUDENT, quiz.id());
            quizzes.saveAnswers(TENANT, STUDENT, attempt.id(), Map.of(attempt.questions().get(0).id(), "a"));
            quizzes.submit(TENANT, STUDENT, attempt.id());
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                List<Future<Boolean>> gradings = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    Callable<Boolean> grading = () -> {
                        start.await();
                        try {
                            return quizzes.grade(TENANT, attempt.id());
                        } catch (RuntimeException lostTheRace) {
                            return false;
                        }
                    };
                    gradings.add(threads.submit(grading));
                }
                start.countDown();
                int won = 0;
                for (Future<Boolean> grading : gradings) {
                    won += grading.get(30, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertEquals(1, won, "exactly one grading wins");
            } finally {
                threads.shutdownNow();
            }
        }
        assertEquals(10, quizzes.report(TENANT, quiz.id()).questions().get(0).graded());
        assertEquals(10, outbox.published.stream().filter(e -> e.topic().equals(QuizEvents.TOPIC_GRADED)).count());
    }

    @Test
    void aMissingOrUnsubmittedAttemptFailsItsGradingForGood() {
        assertThrows(PermanentFailure.class, () -> quizzes.grade(TENANT, "9b2f4c8e-0000-4000-8000-000000000000"));
        QuizService.TutorQuiz quiz = quizzes.create(TENANT, TUTOR, quizOfEveryType());
        QuizService.AttemptView attempt = quizzes.start(TENANT, STUDENT, quiz.id());
        assertThrows(PermanentFailure.class, () -> quizzes.grade(TENANT, attempt.id()));
    }

    private static int status(Runnable call) {
        try {
            call.run();
        } catch (DomainException refused) {
            return switch (refused.kind()) {
                case INVALID -> 400;
                case FORBIDDEN -> 403;
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
                case REJECTED -> 422;
            };
        }
        throw new AssertionError("no refusal");
    }
}
