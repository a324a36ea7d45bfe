package io.baseplate.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;

import io.baseplate.api.security.AuditEntry;
import io.baseplate.api.security.Caller;
import io.baseplate.api.security.Role;
import io.baseplate.core.support.RequestAttributes;

class AccessAuditTest {

    private final Map<String, Object> attributes = new HashMap<>();
    private String path = "/api/v1/payments/42";
    private int status = 200;
    private boolean committed = true;

    @Test
    void auditsProtectedRoutesWithTheCallersTenantKeyAndUser() {
        attributes.put(RequestAttributes.ROUTE, "/api/v1/payments/{id}");
        attributes.put(RequestAttributes.CALLER, new Caller("t1", "u1", "k1", "pfx1", EnumSet.of(Role.TENANT_ADMIN)));
        AuditEntry entry = entry(false);
        assertEquals("/api/v1/payments/{id}", entry.route());
        assertEquals("t1", entry.tenantId());
        assertEquals("pfx1", entry.keyPrefix());
        assertEquals("u1", entry.userId());
        assertEquals("GET", entry.method());
        assertEquals(200, entry.status());
        assertEquals("10.0.0.7", entry.client());
    }

    @Test
    void aRefusedKeyIsNamedByItsTenantAndPrefixOnly() {
        status = 401;
        attributes.put(RequestAttributes.ROUTE, "/api/v1/payments/{id}");
        attributes.put(RequestAttributes.REFUSED_TENANT, "t2");
        attributes.put(RequestAttributes.REFUSED_KEY_PREFIX, "pfx2");
        AuditEntry entry = entry(false);
        assertEquals("t2", entry.tenantId());
        assertEquals("pfx2", entry.keyPrefix());
        assertNull(entry.userId());
        assertEquals(401, entry.status());
    }

    @Test
    void publicRoutesAndPathsOutsideTheApiAreNotAudited() {
        assertNull(entry(false));
        path = "/health";
        AccessAudit.markRefusedByGate(request());
        assertNull(entry(false));
    }

    @Test
    void theGatesOwnRefusalsUnderTheApiAreAuditedWithTheRawPathTruncated() {
        status = 503;
        path = "/api/v1/" + "x".repeat(500);
        AccessAudit.markRefusedByGate(request());
        AuditEntry entry = entry(false);
        assertEquals(AccessAudit.MAX_RAW_ROUTE, entry.route().length());
        assertNull(entry.tenantId());
        assertNull(entry.keyPrefix());
        assertEquals(503, entry.status());
    }

    @Test
    void anExceptionBeforeTheResponseWasCommittedIsA500() {
        attributes.put(RequestAttributes.ROUTE, "/api/v1/things");
        committed = false;
        assertEquals(500, entry(true).status());
        committed = true;
        assertEquals(200, entry(true).status());
    }

    @Test
    void entriesWaitForATrailAndAreHandedOverWhenOneBinds() {
        attributes.put(RequestAttributes.ROUTE, "/api/v1/things");
        AccessAudit audit = new AccessAudit();
        audit.completed(request(), response(), Instant.now(), System.nanoTime(), false);
        audit.completed(request(), response(), Instant.now(), System.nanoTime(), false);
        List<AuditEntry> recorded = new ArrayList<>();
        audit.setTrail(recorded::add);
        assertEquals(2, recorded.size());
        audit.completed(request(), response(), Instant.now(), System.nanoTime(), false);
        assertEquals(3, recorded.size());
    }

    private AuditEntry entry(boolean failed) {
        return AccessAudit.entry(request(), response(), Instant.now(), System.nanoTime(), failed);
    }

    private HttpServletRequest request() {
        return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "getRequestURI" -> path;
                    case "getMethod" -> "GET";
                    case "getRemoteAddr" -> "10.0.0.7";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private HttpServletResponse response() {
        return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {HttpServletResponse.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getStatus" -> status;
                    case "isCommitted" -> committed;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
