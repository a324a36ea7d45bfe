package io.baseplate.tenancy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Instant;
import java.util.EnumSet;

import org.junit.jupiter.api.Test;

import io.baseplate.api.security.ApiKeyAuthenticator.Accepted;
import io.baseplate.api.security.ApiKeyAuthenticator.Refused;
import io.baseplate.api.security.Role;

class KeyRecordTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private static KeyRecord key(TenantStatus status, Instant expiresAt, Instant revokedAt) {
        return new KeyRecord("k1", "abcd1234", "t1", "acme", status, "u1", EnumSet.of(Role.OPERATOR), expiresAt, revokedAt);
    }

    @Test
    void anActiveKeyOfAnActiveTenantIsItsCaller() {
        Accepted accepted = assertInstanceOf(Accepted.class, key(TenantStatus.ACTIVE, NOW.plusSeconds(1), null).judge(NOW));
        assertEquals("t1", accepted.caller().tenantId());
        assertEquals("u1", accepted.caller().userId());
        assertEquals("abcd1234", accepted.caller().keyPrefix());
        assertEquals(EnumSet.of(Role.OPERATOR), accepted.caller().roles());
    }

    @Test
    void anExpiredKeyIsRefusedFromItsExpiryOn() {
        Refused refused = assertInstanceOf(Refused.class, key(TenantStatus.ACTIVE, NOW, null).judge(NOW));
        assertEquals(new Refused(401, "API key expired", "abcd1234", "t1"), refused);
        assertInstanceOf(Accepted.class, key(TenantStatus.ACTIVE, NOW, null).judge(NOW.minusMillis(1)));
    }

    @Test
    void aRevokedKeyIsRefused() {
        assertEquals(new Refused(401, "API key revoked", "abcd1234", "t1"),
                key(TenantStatus.ACTIVE, null, NOW.minusSeconds(5)).judge(NOW));
    }

    @Test
    void aSuspendedTenantsKeyIsForbiddenNamingTheTenant() {
        assertEquals(new Refused(403, "Tenant 'acme' is suspended", "abcd1234", "t1"),
                key(TenantStatus.SUSPENDED, null, null).judge(NOW));
    }
}
