package io.baseplate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.inject.Inject;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.tinybundles.TinyBundlesFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.jakartars.runtime.JakartarsServiceRuntime;
import org.osgi.service.jakartars.runtime.dto.ResourceDTO;

import com.fasterxml.jackson.databind.JsonNode;

import io.baseplate.api.rest.ProblemTypes;
import io.baseplate.api.security.Public;
import io.baseplate.api.security.Role;
import io.baseplate.api.security.RolesAllowed;
import io.baseplate.itests.sandbox.UnannotatedPluginResource;
import io.baseplate.testkit.BaseplateOptions;

/**
 * Issue 8's access matrix over every route the {@code /api} application serves, read from the REST
 * whiteboard's runtime at test time, so a route added later is covered without editing this test: no key,
 * a revoked key and an expired key get 401; a suspended tenant's key gets 403 (tenant-suspended); a key
 * without the roles a route names gets 403; another tenant's ids get 404. A resource a plugin contributes
 * without any annotation gets 401 too.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AccessMatrixIT extends BaseplateTestSupport {

    private static final String PLUGIN_BUNDLE = "io.baseplate.itests.unannotated-plugin";

    @Inject
    private TinyBundlesFactory tinyBundles;

    /** One route: HTTP method, path template, the roles it names (empty: any caller) and whether it is public. */
    record Route(String method, String path, Set<Role> roles, boolean isPublic) {

        String concretePath(String id) {
            return path.replaceAll("\\{[^}]+}", id);
        }

        boolean hasId() {
            return path.contains("{");
        }

        boolean platformAdminOnly() {
            return roles.equals(EnumSet.of(Role.PLATFORM_ADMIN));
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    @Override
    protected Option[] additionalOptions() {
        return tinyBundlesInContainer();
    }

    @Test
    public void everyRouteRefusesWhoItMust() throws Exception {
        List<Route> routes = routes();
        assertTrue("the matrix sees the platform's routes: " + routes, routes.size() >= 10);
        String tenantA = api.newTenant("matrix-a-" + UUID.randomUUID());
        String adminOfA = api.newKey(tenantA);
        String tenantB = api.newTenant("matrix-b-" + UUID.randomUUID());
        String adminOfB = api.newKey(tenantB);
        Map<Route, String> idsOfB = recordsOf(adminOfB, routes);

        String revoked = createKey(adminOfA, EnumSet.of(Role.TENANT_ADMIN), null);
        expect(api.call("DELETE", "/api/v1/keys/" + keyId(adminOfA, revoked), adminOfA, null), 204);
        String expiring = createKey(adminOfA, EnumSet.of(Role.TENANT_ADMIN), Instant.now().plusSeconds(2));
        String tenantS = api.newTenant("matrix-s-" + UUID.randomUUID());
        String adminOfS = api.newKey(tenantS);
        expect(api.call("POST", "/api/v1/tenants/" + tenantS + "/suspend", adminKey(), null), 200);
        Map<Role, String> keyWithOnly = new LinkedHashMap<>();
        for (Role role : Role.values()) {
            keyWithOnly.put(role, role == Role.PLATFORM_ADMIN ? adminKey() : createKey(adminOfA, EnumSet.of(role), null));
        }
        Thread.sleep(2_500);

        List<String> broken = new ArrayList<>();
        for (Route route : routes) {
            String path = route.concretePath(UUID.randomUUID().toString());
            if (route.isPublic()) {
                continue;
            }
            check(broken, route, "no key", api.call(route.method(), path, null, body(route)), 401, ProblemTypes.UNAUTHENTICATED);
            check(broken, route, "revoked key", api.call(route.method(), path, revoked, body(route)), 401, ProblemTypes.UNAUTHENTICATED);
            check(broken, route, "expired key", api.call(route.method(), path, expiring, body(route)), 401, ProblemTypes.UNAUTHENTICATED);
            check(broken, route, "suspended tenant", api.call(route.method(), path, adminOfS, body(route)), 403, ProblemTypes.TENANT_SUSPENDED);
            if (!route.roles().isEmpty()) {
                Role outsider = Arrays.stream(Role.values()).filter(role -> !route.roles().contains(role)).findFirst().orElseThrow();
                check(broken, route, "role " + outsider, api.call(route.method(), path, keyWithOnly.get(outsider), body(route)),
                        403, ProblemTypes.FORBIDDEN);
            }
            if (route.hasId() && !route.platformAdminOnly()) {
                String idOfB = idsOfB.get(route);
                if (idOfB == null) {
                    broken.add(route + ": no record of another tenant to try; add one to recordsOf");
                } else {
                    check(broken, route, "tenant B's id with tenant A's key",
                            api.call(route.method(), route.concretePath(idOfB), adminOfA, body(route)), 404, ProblemTypes.NOT_FOUND);
                }
            }
        }
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

    /** Every resource method of the {@code /api} application, from the whiteboard's runtime DTO and the resources' annotations. */
    private List<Route> routes() throws Exception {
        ServiceReference<JakartarsServiceRuntime> reference = context.getServiceReference(JakartarsServiceRuntime.class);
        JakartarsServiceRuntime runtime = context.getService(reference);
        List<Route> routes = new ArrayList<>();
        try {
            for (ResourceDTO resource : runtime.getRuntimeDTO().defaultApplication.resourceDTOs) {
                ServiceReference<?> service = context.getServiceReferences((String) null, "(service.id=" + resource.serviceId + ")")[0];
                Class<?> type = context.getService(service).getClass();
                try {
                    for (Method method : type.getMethods()) {
                        String httpMethod = httpMethodOf(method);
                        if (httpMethod != null) {
                            routes.add(new Route(httpMethod, pathOf(type, method), rolesOf(type, method),
                                    method.isAnnotationPresent(Public.class) || type.isAnnotationPresent(Public.class)));
                        }
                    }
                } finally {
                    context.ungetService(service);
                }
            }
        } finally {
            context.ungetService(reference);
        }
        // The event stream is a servlet beside the Jakarta REST application: any tenant caller may open one.
        routes.add(new Route("GET", "/api/v1/events", EnumSet.complementOf(EnumSet.of(Role.PLATFORM_ADMIN)), false));
        return routes;
    }

    private static String httpMethodOf(Method method) {
        return Arrays.stream(method.getAnnotations())
                .map(annotation -> annotation.annotationType().getAnnotation(HttpMethod.class))
                .filter(httpMethod -> httpMethod != null).map(HttpMethod::value).findFirst().orElse(null);
    }

    private static String pathOf(Class<?> type, Method method) {
        StringBuilder path = new StringBuilder("/api");
        for (Path part : new Path[] {type.getAnnotation(Path.class), method.getAnnotation(Path.class)}) {
            if (part != null && !part.value().isBlank()) {
                String value = part.value().replaceAll("/+$", "");
                path.append(value.startsWith("/") ? "" : "/").append(value);
            }
        }
        return path.toString().replaceAll("\\{(\\w+)\\s*:[^}]*}", "{$1}");
    }

    private static Set<Role> rolesOf(Class<?> type, Method method) {
        RolesAllowed allowed = method.isAnnotationPresent(RolesAllowed.class)
                ? method.getAnnotation(RolesAllowed.class) : type.getAnnotation(RolesAllowed.class);
        return allowed == null ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(Arrays.asList(allowed.value()));
    }

    /** A real record of tenant B for each route that takes an id. */
    private Map<Route, String> recordsOf(String adminOfB, List<Route> routes) {
        Map<String, Function<String, String>> creators = Map.of(
                "/api/v1/payments/{id}", key -> {
                    BaseplateApi.Reply payment = api.pay(key, UUID.randomUUID().toString(), 100, "INR", "tok_visa");
                    expect(payment, 201);
                    return payment.json().path("id").asText();
                },
                "/api/v1/jobs/{id}", key -> {
                    expect(api.pay(key, UUID.randomUUID().toString(), 100, "INR", "tok_visa"), 201);
                    return firstJobOf(key);
                },
                "/api/v1/users/{id}", key -> {
                    BaseplateApi.Reply user = api.post("/api/v1/users", key, BaseplateApi.json(Map.of("name", "matrix-user-" + UUID.randomUUID(),
                            "roles", List.of("STUDENT"))));
                    expect(user, 201);
                    return user.json().path("id").asText();
                },
                "/api/v1/keys/{id}", key -> keyId(key, createKey(key, EnumSet.of(Role.OPERATOR), null)),
                "/api/v1/keys/{id}/rotate", key -> keyId(key, createKey(key, EnumSet.of(Role.OPERATOR), null)));
        Map<Route, String> ids = new LinkedHashMap<>();
        for (Route route : routes) {
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

    private String createKey(String tenantAdminKey, Set<Role> roles, Instant expiresAt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "matrix-" + roles.stream().map(Enum::name).collect(Collectors.joining("-")));
        body.put("roles", roles.stream().map(Enum::name).toList());
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

    private static String body(Route route) {
        return "GET".equals(route.method()) || "DELETE".equals(route.method()) ? null : "{}";
    }

    private static void check(List<String> broken, Route route, String who, BaseplateApi.Reply reply, int status, String type) {
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
                .build();
    }
}
