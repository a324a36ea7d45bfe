package io.baseplate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One quiz from both sides over HTTP, with the four type plugins hot deployed: a tutor builds it, a student takes
 * it, the durable grading command produces the student's result and the tutor's report. Every answer a student
 * receives, from every route and from the live stream, is searched for the answer key's values. Then a type is
 * uninstalled: the quiz stays readable for the tutor and a new attempt gets 409 until the type returns. No lambda
 * here takes a JSON node: JUnit reads the class's methods outside the container, where Jackson is absent.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class QuizzesIT extends BaseplateTestSupport {

    private static final List<String> TYPE_JARS = List.of("quiz-multiple-choice-", "quiz-true-false-",
            "quiz-short-answer-", "quiz-numeric-");
    /**
     * Values found only in the answer key, the explanations and the feedback of an option the student does not pick
     * (the picked option's feedback is the student's, with the result).
     */
    private static final List<String> KEY_VALUES = List.of("KEYOPTIONFEEDBACK", "KEYSECRETANSWER", "KEYREGEX",
            "KEYEXPLANATION", "6.02214076", "\"correct\"", "\"patterns\"", "\"feedback\":\"KEY");
    private static final Duration GRADED_WITHIN = Duration.ofSeconds(30);

    private final List<Path> deployed = new ArrayList<>();
    private String adminKey;

    @Before
    public void deployTypes() throws Exception {
        for (String jar : TYPE_JARS) {
            deployed.add(deploy(pluginJar(jar)));
        }
        adminKey = newTenantKey();
        awaitCondition("the four quiz types", CHANGE_VISIBLE,
                () -> api.get("/api/v1/quiz-types", adminKey).json().path("items").size() == 4);
    }

    @After
    public void removeTypes() throws Exception {
        for (Path jar : deployed) {
            Files.deleteIfExists(jar);
        }
        // Gone before the next test deploys them again, or it would see these still listed.
        awaitCondition("the quiz types to be uninstalled", CHANGE_VISIBLE,
                () -> api.get("/api/v1/quiz-types", adminKey).json().path("items").size() == 0);
    }

    @Test
    public void aQuizFromTheTutorsAndTheStudentsSideWithoutAKeyEverReachingTheStudent() throws Exception {
        String tutor = userKey("TUTOR");
        String[] studentAndId = userKeyAndId("STUDENT");
        String student = studentAndId[0];
        String otherStudent = userKey("STUDENT");
        List<String> studentSaw = new ArrayList<>();

        BaseplateApi.Reply created = api.post("/api/v1/quizzes", tutor, quiz());
        assertEquals(created.toString(), 201, created.status());
        String quizId = created.json().path("id").asText();
        assertTrue("the tutor sees the key", created.body().contains("KEYSECRETANSWER"));
        assertEquals(200, api.get("/api/v1/quizzes/" + quizId, tutor).status());

        try (EventStream stream = api.events(student, null)) {
            studentSaw.add(expect(api.get("/api/v1/quizzes", student), 200).body());
            BaseplateApi.Reply summary = expect(api.get("/api/v1/quizzes/" + quizId, student), 200);
            studentSaw.add(summary.body());
            assertTrue("a student sees no questions in the quiz itself", summary.json().path("questions").isMissingNode());
            expect(api.get("/api/v1/quizzes/" + quizId + "/report", student), 403);

            BaseplateApi.Reply started = expect(api.post("/api/v1/quizzes/" + quizId + "/attempts", student, ""), 201);
            studentSaw.add(started.body());
            String attemptId = started.json().path("id").asText();
            List<String> questionIds = new ArrayList<>();
            for (JsonNode question : started.json().path("questions")) {
                questionIds.add(question.path("id").asText());
            }
            assertEquals(4, questionIds.size());

            Map<String, Object> wrong = new LinkedHashMap<>();
            wrong.put(questionIds.get(0), "no-such-option");
            wrong.put(UUID.randomUUID().toString(), true);
            BaseplateApi.Reply refused = api.call("PUT", "/api/v1/quiz-attempts/" + attemptId + "/answers", student,
                    BaseplateApi.json(wrong));
            studentSaw.add(refused.body());
            assertEquals(refused.toString(), 400, refused.status());
            assertEquals(BaseplateApi.PROBLEM_JSON, refused.contentType());
            assertEquals(2, refused.json().path("errors").size());

            Map<String, Object> answers = new LinkedHashMap<>();
            answers.put(questionIds.get(0), "a");
            answers.put(questionIds.get(1), true);
            answers.put(questionIds.get(2), "hydrogen");
            answers.put(questionIds.get(3), "6.1e23");
            studentSaw.add(expect(api.call("PUT", "/api/v1/quiz-attempts/" + attemptId + "/answers", student,
                    BaseplateApi.json(answers)), 200).body());
            expect(api.call("PUT", "/api/v1/quiz-attempts/" + attemptId + "/answers", otherStudent,
                    BaseplateApi.json(answers)), 404);
            expect(api.get("/api/v1/quiz-attempts/" + attemptId, otherStudent), 404);
            assertEquals(0, api.get("/api/v1/quiz-attempts", otherStudent).json().path("items").size());

            studentSaw.add(expect(api.post("/api/v1/quiz-attempts/" + attemptId + "/submit", student, ""), 202).body());
            studentSaw.add(expect(api.post("/api/v1/quiz-attempts/" + attemptId + "/submit", student, ""), 409).body());
            awaitCondition("the attempt to be graded", GRADED_WITHIN,
                    () -> "GRADED".equals(api.get("/api/v1/quiz-attempts/" + attemptId, student).json().path("status").asText()));
            BaseplateApi.Reply result = api.get("/api/v1/quiz-attempts/" + attemptId, student);
            studentSaw.add(result.body());
            // 2 + 1 + 3 right; 6.1e23 is 1.3% off Avogadro's number, outside the 1% tolerance
            assertEquals(result.body(), 6.0, result.json().path("score").asDouble(), 1e-9);
            assertEquals(10, result.json().path("maxScore").asInt());
            assertEquals("the picked option's feedback comes with the result", "Well done",
                    result.json().path("outcome").get(0).path("feedback").asText());
            studentSaw.add(api.get("/api/v1/quiz-attempts?quizId=" + quizId, student).body());
            EventStream.SseEvent graded = stream.await(event -> event.data().contains("ATTEMPT_GRADED")
                    && event.data().contains(attemptId), GRADED_WITHIN, "of the graded attempt");
            studentSaw.add(graded.data());
        }
        for (String seen : studentSaw) {
            for (String key : KEY_VALUES) {
                assertFalse("A student received " + key + ": " + seen, seen.contains(key));
            }
        }

        JsonNode report = expect(api.get("/api/v1/quizzes/" + quizId + "/report", tutor), 200).json();
        assertEquals(report.toString(), 1, report.path("gradedAttempts").asInt());
        assertEquals(1, report.path("questions").get(0).path("fullCredit").asInt());
        assertEquals(1, report.path("questions").get(3).path("noCredit").asInt());
        assertEquals(1, api.get("/api/v1/quiz-attempts?quizId=" + quizId, tutor).json().path("items").size());
    }

    @Test
    public void aQuizWhoseTypeIsUninstalledStaysReadableAndRefusesNewAttemptsUntilItReturns() throws Exception {
        String tutor = userKey("TUTOR");
        String student = userKey("STUDENT");
        String quizId = expect(api.post("/api/v1/quizzes", tutor, quiz()), 201).json().path("id").asText();

        Path numeric = deployed.remove(deployed.size() - 1);
        Files.delete(numeric);
        awaitCondition("numeric to be uninstalled", CHANGE_VISIBLE,
                () -> !api.get("/api/v1/quiz-types", tutor).body().contains("\"numeric\""));
        JsonNode readable = expect(api.get("/api/v1/quizzes/" + quizId, tutor), 200).json();
        assertFalse(readable.path("questions").get(3).path("typeInstalled").asBoolean());
        assertTrue(readable.path("questions").get(0).path("typeInstalled").asBoolean());
        BaseplateApi.Reply refused = expect(api.post("/api/v1/quizzes/" + quizId + "/attempts", student, ""), 409);
        assertEquals(BaseplateApi.PROBLEM_JSON, refused.contentType());
        assertTrue(refused.body(), refused.json().path("detail").asText().contains("numeric"));
        BaseplateApi.Reply newQuiz = expect(api.post("/api/v1/quizzes", tutor, quiz()), 400);
        assertTrue(newQuiz.body(), newQuiz.body().contains("questions[3].type"));

        deployed.add(deploy(pluginJar("quiz-numeric-")));
        awaitCondition("numeric to be back", CHANGE_VISIBLE,
                () -> api.get("/api/v1/quiz-types", tutor).body().contains("\"numeric\""));
        expect(api.post("/api/v1/quizzes/" + quizId + "/attempts", student, ""), 201);
    }

    private static String quiz() {
        return BaseplateApi.json(Map.of("title", "Chemistry basics", "questions", List.of(
                Map.of("type", "multiple-choice", "prompt", "Which is a noble gas?", "marks", 2, "body", Map.of(
                        "options", List.of(
                                Map.of("id", "a", "text", "Argon", "correct", true, "feedback", "Well done"),
                                Map.of("id", "b", "text", "Oxygen", "feedback", "KEYOPTIONFEEDBACK"),
                                Map.of("id", "c", "text", "Nitrogen")),
                        "shuffle", true, "explanation", "KEYEXPLANATION")),
                Map.of("type", "true-false", "prompt", "Water boils at 100 C at sea level.",
                        "body", Map.of("answer", true, "explanation", "KEYEXPLANATION")),
                Map.of("type", "short-answer", "prompt", "Name the lightest element.", "marks", 3,
                        "body", Map.of("answers", List.of("KEYSECRETANSWER", "Hydrogen"), "patterns", List.of("KEYREGEX\\d+"))),
                Map.of("type", "numeric", "prompt", "Avogadro's number?", "marks", 4,
                        "body", Map.of("answer", "6.02214076e23", "tolerance", 0.01, "toleranceKind", "relative")))));
    }

    private String userKey(String role) {
        return userKeyAndId(role)[0];
    }

    /** A new user of the tenant holding one role, and a key of that user: {key, user id}. */
    private String[] userKeyAndId(String role) {
        String userId = expect(api.post("/api/v1/users", adminKey, BaseplateApi.json(Map.of(
                "name", role.toLowerCase() + "-" + UUID.randomUUID(), "roles", List.of(role)))), 201).json().path("id").asText();
        String key = expect(api.post("/api/v1/keys", adminKey, BaseplateApi.json(Map.of(
                "name", "laptop", "roles", List.of(role), "userId", userId))), 201).json().path("key").asText();
        return new String[] {key, userId};
    }

    private static BaseplateApi.Reply expect(BaseplateApi.Reply reply, int status) {
        assertEquals(reply.toString(), status, reply.status());
        return reply;
    }
}
