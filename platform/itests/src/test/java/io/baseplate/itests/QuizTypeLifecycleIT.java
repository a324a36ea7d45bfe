package io.baseplate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Each quiz type bundle the distribution ships in {@code plugins/} is hot deployed through {@code deploy/},
 * serves, and is removed by deleting its jar: the registry, {@code GET /api/v1/quiz-types} and the bundle set
 * follow, and no other type is disturbed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class QuizTypeLifecycleIT extends BaseplateTestSupport {

    /** Plugin jar name prefix to the type id its bundle registers. */
    private static final Map<String, String> TYPES = Map.of("quiz-multiple-choice-", "multiple-choice",
            "quiz-true-false-", "true-false", "quiz-short-answer-", "short-answer", "quiz-numeric-", "numeric");

    @Test
    public void eachQuizTypeInstallsServesAndUninstallsCleanly() throws Exception {
        String tenantKey = newTenantKey();
        assertEquals(200, api.get("/api/v1/quiz-types", tenantKey).status());
        for (Map.Entry<String, String> type : TYPES.entrySet()) {
            assertFalse("not installed before its jar is deployed", listed(tenantKey, type.getValue()));
        }

        for (Map.Entry<String, String> type : TYPES.entrySet()) {
            String id = type.getValue();
            Path deployed = deploy(pluginJar(type.getKey()));
            try {
                awaitCondition(id + " to be listed", CHANGE_VISIBLE, () -> listed(tenantKey, id));
                assertEquals("one service per type", 1, context.getServiceReferences("io.baseplate.api.quiz.QuizType",
                        "(baseplate.quiz.type.id=" + id + ")").length);
            } finally {
                Files.delete(deployed);
            }
            awaitCondition(id + " to be gone", CHANGE_VISIBLE, () -> !listed(tenantKey, id));
            assertNull("no service left behind", context.getServiceReferences(
                    "io.baseplate.api.quiz.QuizType", "(baseplate.quiz.type.id=" + id + ")"));
        }

        List<Path> all = new ArrayList<>();
        try {
            for (String prefix : TYPES.keySet()) {
                all.add(deploy(pluginJar(prefix)));
            }
            for (String id : TYPES.values()) {
                awaitCondition(id + " to be listed beside the others", CHANGE_VISIBLE, () -> listed(tenantKey, id));
            }
            String body = api.get("/api/v1/quiz-types", tenantKey).body();
            assertTrue(body, body.contains("\"bundle\":\"io.baseplate.quiz-numeric\""));
        } finally {
            for (Path jar : all) {
                Files.deleteIfExists(jar);
            }
        }
        for (String id : TYPES.values()) {
            awaitCondition(id + " to be gone again", CHANGE_VISIBLE, () -> !listed(tenantKey, id));
        }
    }

    private boolean listed(String tenantKey, String typeId) {
        BaseplateApi.Reply reply = api.get("/api/v1/quiz-types", tenantKey);
        assertEquals(reply.toString(), 200, reply.status());
        return reply.body().contains("\"id\":\"" + typeId + "\"");
    }
}
