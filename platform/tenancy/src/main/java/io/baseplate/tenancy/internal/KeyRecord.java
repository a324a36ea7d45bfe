package io.baseplate.tenancy.internal;

import java.time.Instant;
import java.util.Set;

import io.baseplate.api.security.ApiKeyAuthenticator.Accepted;
import io.baseplate.api.security.ApiKeyAuthenticator.Outcome;
import io.baseplate.api.security.ApiKeyAuthenticator.Refused;
import io.baseplate.api.security.Caller;
import io.baseplate.api.security.Role;

/**
 * What the authenticator caches per key hash: the key and the state of its tenant when it was loaded.
 * Expiry is judged at each request against the clock, so a cached entry never outlives its key's expiry;
 * revocation and suspension reach other nodes when the entry expires from the cache.
 */
record KeyRecord(String keyId, String prefix, String tenantId, String tenantName, TenantStatus tenantStatus,
                 String userId, Set<Role> roles, Instant expiresAt, Instant revokedAt) {

    static KeyRecord of(ApiKeyEntity key, TenantEntity tenant) {
        return new KeyRecord(key.getId(), key.getKeyPrefix(), key.getTenantId(),
                tenant == null ? null : tenant.getName(), tenant == null ? null : tenant.getStatus(),
                key.getUserId(), key.getRoles(), key.getExpiresAt(), key.getRevokedAt());
    }

    Outcome judge(Instant now) {
        if (revokedAt != null && !now.isBefore(revokedAt)) {
            return new Refused(401, "API key revoked", prefix, tenantId);
        }
        if (expiresAt != null && !now.isBefore(expiresAt)) {
            return new Refused(401, "API key expired", prefix, tenantId);
        }
        if (roles.contains(Role.PLATFORM_ADMIN)) {
            return new Accepted(Caller.admin(keyId, prefix));
        }
        if (tenantStatus != TenantStatus.ACTIVE) {
            return tenantStatus == null
                    ? new Refused(401, "Unknown API key", prefix, tenantId)
                    : new Refused(403, "Tenant '" + tenantName + "' is suspended", prefix, tenantId);
        }
        return new Accepted(new Caller(tenantId, userId, keyId, prefix, roles));
    }
}
