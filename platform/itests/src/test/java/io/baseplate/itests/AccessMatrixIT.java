package io.baseplate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import javax.inject.Inject;


import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.tinybundles.TinyBundlesFactory;
import org.osgi.framework.Bundle;

import com.fasterxml.jackson.databind.JsonNode;

import io.baseplate.api.payment.SandboxProcessor;
import io.baseplate.api.rest.ProblemTypes;
import io.baseplate.itests.sandbox.UnannotatedPluginResource;
import io.baseplate.testkit.BaseplateOptions;

/**
 * Issue 8's access matrix over every route the {@code /api} application serves, read from the REST
 * whiteboard's runtime at test time, so a route added later is covered without editing this test: no key,
 * a revoked key and an expired key get 401; a suspended tenant's key gets 403 (tenant-suspended); a key
 * without the roles a route names gets 403; another tenant's ids get 404 (not an id every tenant shares, such as a
 * gateway's). A resource a plugin contributes without any annotation gets 401 too. The routes come from
 * {@link RouteCatalog}; this class names no API type in any signature, lambda included, since JUnit reads its
 * methods outside the container, where the API is absent.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AccessMatrixIT extends BaseplateTestSupport {

    private static final String PLUGIN_BUNDLE = "io.baseplate.itests.unannotated-plugin";

    /** Routes whose id names what every tenant shares (an installed gateway, a currency), not a record of one tenant. */
    private static final Set<String> SHARED_IDS = Set.of("/api/v1/payment-gateways/{gatewayId}",
            "/api/v1/payment-routes/{currency}");

    @Inject
    private TinyBundlesFactory tinyBundles;

    @Override
    protected Option[] additionalOptions() {
        return tinyBundlesInContainer();
    }

    @Test
    public void everyRouteRefusesWhoItMust() throws Exception {
        // The default feature's plugins come up beside the gateways the support class waits for; their routes a moment later.
        awaitCondition("the report-csv plugin's routes", CHANGE_VISIBLE,
                () -> RouteCatalog.of(context).toString().contains("POST /api/v1/reports/payments"));
        List<RouteCatalog.Route> routes = RouteCatalog.of(context);
        assertTrue("the matrix sees the platform's routes: " + routes, routes.size() >= 10);
        // Quizzes to try other tenants' ids on need a quiz type.
        Path trueFalse = deploy(pluginJar("quiz-true-false-"));
        // Workflow instances to try other tenants' ids on need a workflow type.
        Path delivery = deploy(pluginJar("workflow-delivery-"));
        String tenantA = api.newTenant("matrix-a-" + UUID.randomUUID());
        String adminOfA = api.newKey(tenantA);
        String tenantB = api.newTenant("matrix-b-" + UUID.randomUUID());
        String adminOfB = api.newKey(tenantB);
        awaitCondition("the true-false quiz type", CHANGE_VISIBLE,
                () -> api.get("/api/v1/quiz-types", adminOfB).body().contains("\"true-false\""));
        awaitCondition("the delivery workflow type", CHANGE_VISIBLE,
                () -> api.get("/api/v1/workflow-types", adminOfB).body().contains("\"delivery\""));
        Map<RouteCatalog.Route, String> idsOfB = recordsOf(tenantB, adminOfB, routes);

        String revoked = createKey(adminOfA, "TENANT_ADMIN", null);
        expect(api.call("DELETE", "/api/v1/keys/" + keyId(adminOfA, revoked), adminOfA, null), 200);
        String expiring = createKey(adminOfA, "TENANT_ADMIN", Instant.now().plusSeconds(2));
        String tenantS = api.newTenant("matrix-s-" + UUID.randomUUID());
        String adminOfS = api.newKey(tenantS);
        expect(api.call("POST", "/api/v1/tenants/" + tenantS + "/suspend", adminKey(), null), 200);
        Map<String, String> keyWithOnly = new LinkedHashMap<>();
        for (String role : RouteCatalog.roleNames()) {
            keyWithOnly.put(role, RouteCatalog.PLATFORM_ADMIN.equals(role) ? adminKey() : createKey(adminOfA, role, null));
        }
        Thread.sleep(2_500);

        List<String> broken = new ArrayList<>();
        for (RouteCatalog.Route route : routes) {
            String path = route.concretePath(UUID.randomUUID().toString());
            if (route.isPublic()) {
                continue;
            }
            check(broken, route, "no key", api.call(route.method(), path, null, body(route)), 401, ProblemTypes.UNAUTHENTICATED);
            check(broken, route, "revoked key", api.call(route.method(), path, revoked, body(route)), 401, ProblemTypes.UNAUTHENTICATED);
            check(broken, route, "expired key", api.call(route.method(), path, expiring, body(route)), 401, ProblemTypes.UNAUTHENTICATED);
            check(broken, route, "suspended tenant", api.call(route.method(), path, adminOfS, body(route)), 403, ProblemTypes.TENANT_SUSPENDED);
            if (!route.roles().isEmpty()) {
                String outsider = route.outsiderRole();
                check(broken, route, "role " + outsider, api.call(route.method(), path, keyWithOnly.get(outsider), body(route)),
                        403, ProblemTypes.FORBIDDEN);
            }
            if (route.hasId() && !route.platformAdminOnly() && !SHARED_IDS.contains(route.path())) {
                String idOfB = idsOfB.get(route);
                if (idOfB == null) {
                    broken.add(route + ": no record of another tenant to try; add one to recordsOf");
                } else {
                    // With a key the route admits, so that it answers for the record, not for the header or the role.
                    String keyOfA = route.roles().isEmpty() || route.roles().contains("TENANT_ADMIN") ? adminOfA
                            : keyWithOnly.get(route.roles().stream().sorted().findFirst().orElseThrow());
                    check(broken, route, "tenant B's id with tenant A's key",
                            api.call(route.method(), route.concretePath(idOfB), keyOfA, body(route),
                                    BaseplateApi.IDEMPOTENCY_KEY, UUID.randomUUID().toString()), 404, ProblemTypes.NOT_FOUND);
                }
            }
        }
        Files.delete(trueFalse);
        Files.delete(delivery);
        if (!broken.isEmpty()) {
            fail(broken.size() + " access checks failed:\n  " + String.join("\n  ", broken));
        }
    }

    @Test
    public void aPluginResourceWithoutAnyAnnotationNeedsAKey() throws Exception {
        String tenantKey = api.newTenantKey("matrix-plugin-" + UUID.randomUUID());
        Bundle plugin = context.installBundle("test:" + PLUGIN_BUNDLE, pluginBundle());
        try {
            plugin.start();
            awaitCondition("the plugin's resource to be served", CHANGE_VISIBLE,
                    () -> api.get(UnannotatedPluginResource.PATH, tenantKey).status() == 200);
            BaseplateApi.Reply anonymous = api.get(UnannotatedPluginResource.PATH, null);
            assertEquals(anonymous.toString(), 401, anonymous.status());
            assertEquals(ProblemTypes.UNAUTHENTICATED, anonymous.json().path("type").asText());
            assertEquals(401, api.get(UnannotatedPluginResource.PATH, "bp_not_a_key").status());
        } finally {
            plugin.uninstall();
        }
    }

    /**
     * The server closes a connection whose request body it refused before reading (it cannot skip
     * what has not arrived), so its answer must say so; a keep-alive client would otherwise send its
     * next request into the closed connection (this test's HTTP client did: "EOF reached while reading").
     * A body the application read keeps the connection open.
     */
    @Test
    public void aRefusalBeforeTheBodyArrivedSaysTheConnectionCloses() throws Exception {
        String tenantKey = api.newTenantKey("matrix-close-" + UUID.randomUUID());
        byte[] body = "{\"name\": \"close-check\", \"roles\": [\"STUDENT\"]}".getBytes(StandardCharsets.UTF_8);
        try (RawHttp http = new RawHttp(Integer.parseInt(context.getProperty(BaseplateOptions.HTTP_PORT)), java.time.Duration.ofSeconds(10))) {
            RawHttp.Response refused = http.exchange(postHead(null, body.length + 1000), false, false).response();
            assertEquals(refused.toString(), 401, refused.status());
            assertEquals("close", refused.header("Connection").orElse("(none)"));

            RawHttp.Response created = http.exchange(RawHttp.concat(postHead(tenantKey, body.length), body), false, false).response();
            assertEquals(created.bodyText(), 201, created.status());
            assertEquals("(none)", created.header("Connection").orElse("(none)"));
        }
    }

    /**
     * A malformed request the HTTP server refuses itself (a NUL in the path of a POST) closes the connection, so
     * its 400 says so too; a keep-alive client caught it ("EOF reached while reading" on its next request).
     */
    @Test
    public void aMalformedRequestSaysTheConnectionCloses() throws Exception {
        String tenantKey = api.newTenantKey("matrix-malformed-" + UUID.randomUUID());
        try (RawHttp http = new RawHttp(Integer.parseInt(context.getProperty(BaseplateOptions.HTTP_PORT)), java.time.Duration.ofSeconds(10))) {
            for (String method : List.of("POST", "GET")) {
                byte[] head = (method + " /api/v1/workflows/x/transitions/%00 HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: " + tenantKey
                        + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8);
                RawHttp.Response refused = http.exchange(head, false, false).response();
                assertEquals(refused.toString(), 400, refused.status());
                assertEquals(method, "close", refused.header("Connection").orElse("(none)"));
            }
        }
    }

    private static byte[] postHead(String key, int contentLength) {
        return ("POST /api/v1/users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + (key == null ? "" : "X-Api-Key: " + key + "\r\n")
                + "Content-Length: " + contentLength + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A real record of tenant B for each route that takes an id. */
    private Map<RouteCatalog.Route, String> recordsOf(String tenantB, String adminOfB, List<RouteCatalog.Route> routes) {
        Map<String, Function<String, String>> creators = new LinkedHashMap<>();
        for (String paymentRoute : List.of("/api/v1/payments/{id}", "/api/v1/payments/{id}/capture",
                "/api/v1/payments/{id}/void", "/api/v1/payments/{id}/refunds")) {
            creators.put(paymentRoute, key -> {
                BaseplateApi.Reply payment = api.pay(key, UUID.randomUUID().toString(), 100, "INR", SandboxProcessor.APPROVE);
                expect(payment, 201);
                return payment.json().path("id").asText();
            });
        }
        creators.put("/api/v1/jobs/{id}", key -> {
            expect(api.pay(key, UUID.randomUUID().toString(), 100, "INR", SandboxProcessor.APPROVE), 201);
            return firstJobOf(key);
        });
        creators.put("/api/v1/jobs/{id}/retry", this::firstJobOf);
        creators.put("/api/v1/jobs/{id}/cancel", this::firstJobOf);
        creators.put("/api/v1/jobs/batches/{id}", key -> Commands.unhandledBatchOf(context, tenantB));
        creators.put("/api/v1/users/{id}", key -> {
            BaseplateApi.Reply user = api.post("/api/v1/users", key, BaseplateApi.json(Map.of("name", "matrix-user-" + UUID.randomUUID(),
                    "roles", List.of("STUDENT"))));
            expect(user, 201);
            return user.json().path("id").asText();
        });
        creators.put("/api/v1/reports/payments/{jobId}", key -> {
            BaseplateApi.Reply report = api.post("/api/v1/reports/payments", key, BaseplateApi.json(Map.of(
                    "from", Instant.now().minusSeconds(3600).toString(), "to", Instant.now().toString())));
            expect(report, 202);
            return report.json().path("jobId").asText();
        });
        creators.put("/api/v1/keys/{id}", key -> keyId(key, createKey(key, "OPERATOR", null)));
        creators.put("/api/v1/keys/{id}/rotate", key -> keyId(key, createKey(key, "OPERATOR", null)));
        for (String campaignRoute : List.of("/api/v1/campaigns/{id}", "/api/v1/campaigns/{id}/recipients",
                "/api/v1/campaigns/{id}/start")) {
            creators.put(campaignRoute, key -> {
                BaseplateApi.Reply campaign = api.post("/api/v1/campaigns", key, BaseplateApi.json(Map.of(
                        "name", "matrix", "subject", "Hello", "body", "Hi {{email}}")));
                expect(campaign, 201);
                return campaign.json().path("id").asText();
            });
        }
        for (String quizRoute : List.of("/api/v1/quizzes/{id}", "/api/v1/quizzes/{id}/report", "/api/v1/quizzes/{id}/attempts")) {
            creators.put(quizRoute, this::quizOf);
        }
        for (String attemptRoute : List.of("/api/v1/quiz-attempts/{id}", "/api/v1/quiz-attempts/{id}/answers",
                "/api/v1/quiz-attempts/{id}/submit")) {
            creators.put(attemptRoute, key -> {
                String quizId = quizOf(key);
                String student = studentKey(key);
                BaseplateApi.Reply attempt = api.post("/api/v1/quizzes/" + quizId + "/attempts", student, "");
                expect(attempt, 201);
                return attempt.json().path("id").asText();
            });
        }
        for (String workflowRoute : List.of("/api/v1/workflows/{id}", "/api/v1/workflows/{id}/history",
                "/api/v1/workflows/{id}/transitions/{name}")) {
            creators.put(workflowRoute, key -> {
                BaseplateApi.Reply delivery = api.post("/api/v1/workflows", key, BaseplateApi.json(Map.of("type", "delivery",
                        "input", Map.of("address", "1 Main St", "customerUserId", "matrix-customer"))));
                expect(delivery, 201);
                return delivery.json().path("id").asText();
            });
        }
        Map<RouteCatalog.Route, String> ids = new LinkedHashMap<>();
        for (RouteCatalog.Route route : routes) {
            Function<String, String> creator = creators.get(route.path());
            if (creator != null) {
                ids.put(route, creator.apply(adminOfB));
            }
        }
        return ids;
    }

    /** The id of the tenant's first job; a captured payment's receipt job is created just after the payment's answer. */
    private String firstJobOf(String tenantKey) {
        try {
            awaitCondition("a job of the tenant", CHANGE_VISIBLE, () -> api.get("/api/v1/jobs", tenantKey).json().path("items").size() > 0);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return api.get("/api/v1/jobs", tenantKey).json().path("items").get(0).path("id").asText();
    }

    /** A one-question quiz of the caller's tenant (the true-false type is deployed for the test). */
    private String quizOf(String tenantAdminKey) {
        BaseplateApi.Reply quiz = api.post("/api/v1/quizzes", tenantAdminKey, BaseplateApi.json(Map.of("title", "matrix",
                "questions", List.of(Map.of("type", "true-false", "prompt", "Matrix?", "body", Map.of("answer", true))))));
        expect(quiz, 201);
        return quiz.json().path("id").asText();
    }

    /** The key of a new student user of the caller's tenant. */
    private String studentKey(String tenantAdminKey) {
        BaseplateApi.Reply user = api.post("/api/v1/users", tenantAdminKey, BaseplateApi.json(Map.of(
                "name", "matrix-student-" + UUID.randomUUID(), "roles", List.of("STUDENT"))));
        expect(user, 201);
        BaseplateApi.Reply key = api.post("/api/v1/keys", tenantAdminKey, BaseplateApi.json(Map.of("name", "matrix-student",
                "roles", List.of("STUDENT"), "userId", user.json().path("id").asText())));
        expect(key, 201);
        return key.json().path("key").asText();
    }

    /** A key of the caller's tenant holding one role. */
    private String createKey(String tenantAdminKey, String role, Instant expiresAt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "matrix-" + role);
        body.put("roles", List.of(role));
        if (expiresAt != null) {
            body.put("expiresAt", expiresAt.toString());
        }
        BaseplateApi.Reply key = api.post("/api/v1/keys", tenantAdminKey, BaseplateApi.json(body));
        expect(key, 201);
        return key.json().path("key").asText();
    }

    /** The id of one of the caller's tenant's keys, found by its public prefix. */
    private String keyId(String tenantAdminKey, String key) {
        for (JsonNode listed : api.get("/api/v1/keys", tenantAdminKey).json().path("items")) {
            if (key.startsWith(listed.path("prefix").asText() + "_") || key.contains("_" + listed.path("prefix").asText() + "_")) {
                return listed.path("id").asText();
            }
        }
        throw new AssertionError("The key list does not show the key just created");
    }

    private String adminKey() {
        return context.getProperty(BaseplateOptions.ADMIN_KEY);
    }

    /** A body each route accepts, so that what answers is the access check, not the body's validation. */
    private static String body(RouteCatalog.Route route) {
        if (route.path().endsWith("/recipients")) {
            return "{\"recipients\": [{\"email\": \"matrix@it.example\"}]}";
        }
        return "GET".equals(route.method()) || "DELETE".equals(route.method()) ? null : "{}";
    }

    private static void check(List<String> broken, RouteCatalog.Route route, String who, BaseplateApi.Reply reply, int status, String type) {
        if (reply.status() != status || !reply.contentType().startsWith(BaseplateApi.PROBLEM_JSON)
                || !type.equals(reply.json().path("type").asText())) {
            broken.add(route + " [" + who + "] -> " + reply + ": expected " + status + " " + type);
        }
    }

    private static void expect(BaseplateApi.Reply reply, int status) {
        BaseplateApi.expectStatus(reply, status);
    }

    private InputStream pluginBundle() {
        String descriptor = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.4.0\" name=\"" + UnannotatedPluginResource.class.getName() + "\">\n"
                + "  <property name=\"osgi.jakartars.resource\" type=\"Boolean\" value=\"true\"/>\n"
                + "  <property name=\"osgi.jakartars.name\" value=\"unannotated-plugin\"/>\n"
                + "  <service><provide interface=\"" + UnannotatedPluginResource.class.getName() + "\"/></service>\n"
                + "  <implementation class=\"" + UnannotatedPluginResource.class.getName() + "\"/>\n"
                + "</scr:component>\n";
        return tinyBundles.bundle()
                .setHeader("Bundle-ManifestVersion", "2")
                .setHeader("Bundle-SymbolicName", PLUGIN_BUNDLE)
                .setHeader("Bundle-Version", "1.0.0")
                .setHeader("Import-Package", "jakarta.ws.rs;version=\"[3.0,4)\",jakarta.ws.rs.core;version=\"[3.0,4)\"")
                .setHeader("Service-Component", "OSGI-INF/plugin.xml")
                .addClass(UnannotatedPluginResource.class)
                .addResource("OSGI-INF/plugin.xml", new ByteArrayInputStream(descriptor.getBytes(StandardCharsets.UTF_8)))
                .build(tinyBundles.rawBuilder());
    }
}
