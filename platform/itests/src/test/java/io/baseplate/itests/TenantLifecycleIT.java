package io.baseplate.itests;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.inject.Inject;
import javax.sql.DataSource;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

import com.fasterxml.jackson.databind.JsonNode;

import io.baseplate.api.rest.ProblemTypes;
import io.baseplate.testkit.BaseplateOptions;

/**
 * Issue 8, points 1 to 3 over HTTP: the platform admin suspends, reactivates and deletes tenants; a tenant
 * admin manages its users and keys; revoked and rotated keys stop working when they should.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TenantLifecycleIT extends BaseplateTestSupport {

    private static final String TENANTS = "/api/v1/tenants";
    private static final String USERS = "/api/v1/users";
    private static final String KEYS = "/api/v1/keys";
    /** The promise: a revocation takes effect within 1 s; the margin is for the poll on a busy machine. */
    private static final Duration REVOCATION = Duration.ofMillis(1500);

    @Inject
    private ConfigurationAdmin configurations;

    private String admin() {
        return context.getProperty(BaseplateOptions.ADMIN_KEY);
    }

    @Test
    public void aSuspendedTenantsKeysAreForbiddenUntilItIsReactivated() throws Exception {
        String name = "it-" + UUID.randomUUID();
        String tenantId = api.newTenant(name);
        String key = api.newKey(tenantId);
        assertEquals(200, api.get(KEYS, key).status());

        BaseplateApi.Reply suspended = api.post(TENANTS + "/" + tenantId + "/suspend", admin(), "");
        assertEquals(suspended.toString(), 200, suspended.status());
        assertEquals("SUSPENDED", suspended.json().path("status").asText());
        BaseplateApi.Reply refused = api.get(KEYS, key);
        assertProblem(refused, 403);
        assertEquals(ProblemTypes.TENANT_SUSPENDED, refused.json().path("type").asText());
        assertThat(refused.json().path("detail").asText(), containsString(name));
        assertEquals("SUSPENDED", api.get(TENANTS + "/" + tenantId, admin()).json().path("status").asText());

        assertEquals(200, api.post(TENANTS + "/" + tenantId + "/reactivate", admin(), "").status());
        assertEquals(200, api.get(KEYS, key).status());
    }

    @Test
    public void thePlatformAdminListsTenantsAPageAtATimeAndOnlyItMayManageThem() {
        String first = api.newTenant("it-" + UUID.randomUUID());
        String second = api.newTenant("it-" + UUID.randomUUID());
        BaseplateApi.Reply page = api.get(TENANTS + "?limit=1", admin());
        assertEquals(page.toString(), 200, page.status());
        assertEquals(1, page.json().path("items").size());
        assertTrue(page.header("Link").orElseThrow().contains("rel=\"next\""));
        BaseplateApi.Reply all = api.get(TENANTS + "?limit=100", admin());
        assertThat(all.body(), containsString(first));
        assertThat(all.body(), containsString(second));
        assertProblem(api.get(TENANTS + "/" + UUID.randomUUID(), admin()), 404);

        String tenantKey = api.newKey(first);
        BaseplateApi.Reply operatorKey = api.post(TENANTS + "/" + first + "/keys", admin(),
                BaseplateApi.json(Map.of("roles", List.of("OPERATOR"))));
        assertEquals(operatorKey.toString(), 201, operatorKey.status());
        assertEquals("OPERATOR", operatorKey.json().path("roles").path(0).asText());
        assertProblem(api.get(KEYS, operatorKey.json().path("key").asText()), 403);
        assertProblem(api.get(TENANTS, tenantKey), 403);
        assertProblem(api.post(TENANTS + "/" + second + "/suspend", tenantKey, ""), 403);
    }

    @Test
    public void aTenantAdminManagesUsersAndAnotherTenantsUsersDoNotExist() {
        String key = newTenantKey();
        String otherKey = newTenantKey();

        BaseplateApi.Reply created = api.post(USERS, key, BaseplateApi.json(Map.of("name", "tina@example.com",
                "roles", List.of("TUTOR", "OPERATOR"))));
        assertEquals(created.toString(), 201, created.status());
        String userId = created.json().path("id").asText();
        assertEquals(2, created.json().path("roles").size());
        assertProblem(api.post(USERS, key, BaseplateApi.json(Map.of("name", "eve", "roles", List.of("PLATFORM_ADMIN")))), 400);

        assertEquals(200, api.get(USERS + "/" + userId, key).status());
        assertThat(api.get(USERS, key).body(), containsString(userId));
        assertProblem(api.get(USERS + "/" + userId, otherKey), 404);
        assertProblem(api.delete(USERS + "/" + userId, otherKey), 404);
        assertThat(api.get(USERS, otherKey).body(), not(containsString(userId)));

        // A user's key holds only the user's roles; its caller is the user.
        assertProblem(api.post(KEYS, key, BaseplateApi.json(Map.of("name", "too much", "roles", List.of("TENANT_ADMIN"),
                "userId", userId))), 400);
        BaseplateApi.Reply userKey = api.post(KEYS, key, BaseplateApi.json(Map.of("name", "laptop", "roles", List.of("OPERATOR"),
                "userId", userId)));
        assertEquals(userKey.toString(), 201, userKey.status());
        assertProblem(api.get(USERS, userKey.json().path("key").asText()), 403);

        assertEquals(204, api.delete(USERS + "/" + userId, key).status());
        assertProblem(api.get(USERS + "/" + userId, key), 404);
    }

    @Test
    public void keysAreShownOnceListedWithoutSecretsAndARevokedKeyIsRefusedWithinASecond() throws Exception {
        String admin = newTenantKey();
        BaseplateApi.Reply created = api.post(KEYS, admin, BaseplateApi.json(Map.of("name", "ci", "roles", List.of("OPERATOR"),
                "expiresAt", Instant.now().plus(Duration.ofDays(1)).toString())));
        assertEquals(created.toString(), 201, created.status());
        String key = created.json().path("key").asText();
        String keyId = created.json().path("id").asText();
        String prefix = created.json().path("prefix").asText();
        assertTrue(key, key.startsWith("bp_" + prefix + "_"));
        assertEquals("an OPERATOR key passes authentication and roles", 404, api.get("/api/v1/payments/x", key).status());

        BaseplateApi.Reply list = api.get(KEYS, admin);
        assertEquals(list.toString(), 200, list.status());
        assertFalse("a list never shows a key", list.body().contains(key));
        JsonNode listed = null;
        for (JsonNode item : list.json().path("items")) {
            listed = keyId.equals(item.path("id").asText()) ? item : listed;
        }
        assertTrue(list.toString(), listed != null);
        assertEquals(prefix, listed.path("prefix").asText());
        assertEquals("ci", listed.path("name").asText());
        assertTrue(listed.path("key").isMissingNode());
        assertTrue(listed.path("createdAt").isTextual());
        assertTrue(listed.path("expiresAt").isTextual());

        BaseplateApi.Reply revoked = api.delete(KEYS + "/" + keyId, admin);
        assertEquals(revoked.toString(), 200, revoked.status());
        long start = System.nanoTime();
        awaitCondition("the revoked key to be refused", REVOCATION, () -> api.get("/api/v1/payments/x", key).status() == 401);
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(REVOCATION) < 0);
        BaseplateApi.Reply refused = api.get("/api/v1/payments/x", key);
        assertProblem(refused, 401);
        assertThat(refused.json().path("detail").asText(), containsString("revoked"));
        assertProblem(api.delete(KEYS + "/" + keyId, newTenantKey()), 404);
    }

    @Test
    public void aRotatedKeyWorksForTheGracePeriodThenIsRefused() throws Exception {
        configurations.getConfiguration("io.baseplate.keys", "?").update(new Hashtable<>(Map.of("rotationGraceSeconds", 3L)));
        String admin = newTenantKey();
        BaseplateApi.Reply created = api.post(KEYS, admin, BaseplateApi.json(Map.of("name", "deploy", "roles", List.of("OPERATOR"))));
        String oldKey = created.json().path("key").asText();
        String oldId = created.json().path("id").asText();
        // The configuration arrives asynchronously: rotate until the old key's grace ends within seconds, not an hour.
        BaseplateApi.Reply[] rotated = new BaseplateApi.Reply[1];
        String[] current = {oldId};
        String[] currentKey = {oldKey};
        awaitCondition("rotation with the configured grace", CHANGE_VISIBLE, () -> {
            rotated[0] = api.post(KEYS + "/" + current[0] + "/rotate", admin, "");
            assertEquals(rotated[0].toString(), 201, rotated[0].status());
            Instant graceEnd = Instant.parse(api.get(KEYS + "/" + current[0], admin).json().path("expiresAt").asText());
            if (graceEnd.isBefore(Instant.now().plusSeconds(10))) {
                return true;
            }
            current[0] = rotated[0].json().path("id").asText();
            currentKey[0] = rotated[0].json().path("key").asText();
            return false;
        });
        String newKey = rotated[0].json().path("key").asText();
        assertEquals(current[0], rotated[0].json().path("rotatedFrom").asText());
        assertEquals("the old key works during the grace period", 404, api.get("/api/v1/payments/x", currentKey[0]).status());
        assertEquals(404, api.get("/api/v1/payments/x", newKey).status());
        awaitCondition("the old key to be refused after the grace period", CHANGE_VISIBLE,
                () -> api.get("/api/v1/payments/x", currentKey[0]).status() == 401);
        assertThat(api.get("/api/v1/payments/x", currentKey[0]).json().path("detail").asText(), containsString("expired"));
        assertEquals(404, api.get("/api/v1/payments/x", newKey).status());
    }

    @Test
    public void deletingNeedsTheTenantsNameAndErasesItsData() throws Exception {
        String name = "it-" + UUID.randomUUID();
        String tenantId = api.newTenant(name);
        String key = api.newKey(tenantId);
        BaseplateApi.Reply payment = pay(key, "INR");
        assertCaptured(payment, "razorpay");
        assertEquals(201, api.post(USERS, key, BaseplateApi.json(Map.of("name", "u", "roles", List.of("STUDENT")))).status());
        assertEquals(1, rows("PAYMENTS", tenantId));
        assertEquals(1, rows("USERS", tenantId));

        assertProblem(api.delete(TENANTS + "/" + tenantId, admin()), 400);
        assertProblem(api.delete(TENANTS + "/" + tenantId + "?confirm=" + tenantId, admin()), 400);
        assertEquals(200, api.get("/api/v1/payments/" + payment.json().path("id").asText(), key).status());

        BaseplateApi.Reply deleted = api.delete(TENANTS + "/" + tenantId + "?confirm=" + name, admin());
        assertEquals(deleted.toString(), 204, deleted.status());
        assertProblem(api.get(TENANTS + "/" + tenantId, admin()), 404);
        assertProblem(api.delete(TENANTS + "/" + tenantId + "?confirm=" + name, admin()), 404);
        assertProblem(api.get("/api/v1/payments/" + payment.json().path("id").asText(), key), 401);
        assertEquals(0, rows("PAYMENTS", tenantId));
        assertEquals(0, rows("USERS", tenantId));
        assertEquals(0, rows("JOBS", tenantId));
        assertEquals(0, rows("API_KEYS", tenantId));
    }

    private int rows(String table, String tenantId) throws Exception {
        ServiceReference<DataSource> reference = context.getServiceReferences(DataSource.class, "(baseplate.datasource=platform)")
                .iterator().next();
        DataSource dataSource = context.getService(reference);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE TENANT_ID = ?")) {
            count.setString(1, tenantId);
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        } finally {
            context.ungetService(reference);
        }
    }

    private static void assertProblem(BaseplateApi.Reply reply, int status) {
        assertEquals(reply.toString(), status, reply.status());
        assertEquals(reply.toString(), BaseplateApi.PROBLEM_JSON, reply.contentType());
        assertEquals(status, reply.json().path("status").asInt());
    }
}
