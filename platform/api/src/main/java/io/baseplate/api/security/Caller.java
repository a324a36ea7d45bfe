package io.baseplate.api.security;

import java.security.Principal;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import jakarta.ws.rs.core.SecurityContext;

import io.baseplate.api.domain.DomainException;
import io.baseplate.api.rest.ProblemException;

/**
 * The authenticated caller of a request: a tenant, a user (or the tenant's service account) and a set
 * of roles. The platform's authentication filter makes it the request's {@code SecurityContext} user
 * principal; any resource reads it with {@link #of(SecurityContext)}.
 *
 * @param tenantId  the caller's tenant, or null for the platform admin
 * @param userId    the user the key belongs to, or null for the tenant's service account and the platform admin
 * @param keyId     the id of the API key used (never the key itself)
 * @param keyPrefix the key's public prefix, which logs and audit entries may show
 * @param roles     what the caller may do
 */
public record Caller(String tenantId, String userId, String keyId, String keyPrefix, Set<Role> roles) implements Principal {

    public Caller {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        roles = roles.isEmpty() ? Collections.emptySet() : Collections.unmodifiableSet(EnumSet.copyOf(roles));
        if ((tenantId == null) != roles.contains(Role.PLATFORM_ADMIN)) {
            throw new IllegalArgumentException("The platform admin, and only it, acts for no tenant");
        }
    }

    public static Caller admin(String keyId, String keyPrefix) {
        return new Caller(null, null, keyId, keyPrefix, EnumSet.of(Role.PLATFORM_ADMIN));
    }

    /**
     * The request's caller.
     *
     * @throws ProblemException 401 when the request has none, which happens only on a route marked {@link Public}
     */
    public static Caller of(SecurityContext security) {
        if (security != null && security.getUserPrincipal() instanceof Caller caller) {
            return caller;
        }
        throw new ProblemException(401, "Unauthorized", "This route needs an API key");
    }

    public boolean isAdmin() {
        return roles.contains(Role.PLATFORM_ADMIN);
    }

    public boolean hasRole(Role wanted) {
        return roles.contains(wanted);
    }

    public boolean hasAnyRole(Role... wanted) {
        return Arrays.stream(wanted).anyMatch(roles::contains);
    }

    /** The calling tenant's id; 403 for the platform admin, which acts for no tenant. */
    public String requireTenant() {
        if (tenantId == null) {
            throw DomainException.forbidden("This route acts for a tenant: call it with a tenant's API key");
        }
        return tenantId;
    }

    /**
     * The owner check of records that belong to one participant (a student's attempts, a patient's
     * appointments): passes for the owner and for callers holding one of {@code staff}; anyone else is
     * told the record does not exist, so ids of other people's records reveal nothing.
     *
     * @param ownerUserId the user the record belongs to
     * @param what        names the record in the 404 detail, e.g. {@code "attempt 42"}
     */
    public void requireOwnerOr(String ownerUserId, String what, Role... staff) {
        boolean owner = userId != null && userId.equals(ownerUserId);
        if (!owner && !hasAnyRole(staff)) {
            throw DomainException.notFound("No " + what);
        }
    }

    @Override
    public String getName() {
        return userId != null ? userId : keyPrefix;
    }
}
