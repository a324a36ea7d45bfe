package io.baseplate.itests;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The people of a workflow test, each a user of one tenant with a key of one role, and the calls they make on
 * {@code /api/v1/workflows}. Names no platform API type, so the IT classes that hold one stay loadable outside
 * the container.
 */
final class WorkflowParties {

    /** A user and the key they call with. */
    record Person(String userId, String key) {
    }

    final BaseplateApi api;
    final String tenantId;
    final String adminKey;

    WorkflowParties(BaseplateApi api) {
        this.api = api;
        this.tenantId = api.newTenant("it-workflows-" + UUID.randomUUID());
        this.adminKey = api.newKey(tenantId);
    }

    /** A new user of the tenant holding {@code role}, with a key of that role. */
    Person person(String role) {
        BaseplateApi.Reply user = api.post("/api/v1/users", adminKey, BaseplateApi.json(Map.of(
                "name", role.toLowerCase() + "-" + UUID.randomUUID() + "@example.com", "roles", List.of(role))));
        BaseplateApi.expectStatus(user, 201);
        String userId = user.json().path("id").asText();
        BaseplateApi.Reply key = api.post("/api/v1/keys", adminKey, BaseplateApi.json(Map.of("name", "wf-" + role,
                "roles", List.of(role), "userId", userId)));
        BaseplateApi.expectStatus(key, 201);
        return new Person(userId, key.json().path("key").asText());
    }

    /** {@code POST /api/v1/workflows}. */
    BaseplateApi.Reply start(String key, String type, Map<String, ?> input) {
        return api.post("/api/v1/workflows", key, BaseplateApi.json(Map.of("type", type, "input", input)));
    }

    /** Starts an instance and returns its id, failing unless it is created. */
    String started(String key, String type, Map<String, ?> input) {
        BaseplateApi.Reply reply = start(key, type, input);
        BaseplateApi.expectStatus(reply, 201);
        return reply.json().path("id").asText();
    }

    /** {@code POST /api/v1/workflows/{id}/transitions/{name}}, without a body when {@code body} is null. */
    BaseplateApi.Reply fire(String key, String instanceId, String transition, String body) {
        return body == null
                ? api.call("POST", "/api/v1/workflows/" + instanceId + "/transitions/" + transition, key, null)
                : api.post("/api/v1/workflows/" + instanceId + "/transitions/" + transition, key, body);
    }

    /** Fires a transition that must succeed, and returns the instance's new state. */
    String moved(String key, String instanceId, String transition, Map<String, ?> input) {
        BaseplateApi.Reply reply = fire(key, instanceId, transition, input == null ? null : BaseplateApi.json(input));
        BaseplateApi.expectStatus(reply, 200);
        return reply.json().path("state").asText();
    }

    BaseplateApi.Reply get(String key, String instanceId) {
        return api.get("/api/v1/workflows/" + instanceId, key);
    }

    BaseplateApi.Reply history(String key, String instanceId) {
        return api.get("/api/v1/workflows/" + instanceId + "/history", key);
    }

    /** Whether {@code GET /api/v1/workflow-types} lists the type. */
    boolean listed(String type) {
        BaseplateApi.Reply reply = api.get("/api/v1/workflow-types", adminKey);
        assertEquals(reply.toString(), 200, reply.status());
        for (JsonNode listed : reply.json().path("items")) {
            if (type.equals(listed.path("id").asText())) {
                return true;
            }
        }
        return false;
    }

    /** The transition names of a problem's {@code allowed} member. */
    static List<String> allowed(BaseplateApi.Reply problem) {
        List<String> names = new ArrayList<>();
        problem.json().path("allowed").forEach(name -> names.add(name.asText()));
        return names;
    }

    /** The fields a 400 problem's {@code errors} member names, as the quizzes name them too. */
    static List<String> fields(BaseplateApi.Reply problem) {
        List<String> names = new ArrayList<>();
        problem.json().path("errors").forEach(item -> names.add(item.path("field").asText()));
        return names;
    }

    /** An appointment slot this far ahead, ISO-8601. */
    static String slotIn(long seconds) {
        return Instant.now().plusSeconds(seconds).toString();
    }

    /** Deletes a deployed jar if it is still there. */
    static void undeploy(Path jar) throws java.io.IOException {
        Files.deleteIfExists(jar);
    }
}
