package io.baseplate.api.security;

import java.security.Principal;

/**
 * The authenticated caller of a request.
 *
 * @param tenantId the caller's tenant, or null for the platform admin
 * @param keyId    the id of the API key used (never the key itself)
 */
public record Caller(String tenantId, String keyId) implements Principal {

    /** Role of the platform admin key. */
    public static final String ROLE_ADMIN = "admin";
    /** Role of every tenant API key. */
    public static final String ROLE_TENANT = "tenant";

    public static Caller admin(String keyId) {
        return new Caller(null, keyId);
    }

    public boolean isAdmin() {
        return tenantId == null;
    }

    public boolean hasRole(String role) {
        return isAdmin() ? ROLE_ADMIN.equals(role) : ROLE_TENANT.equals(role);
    }

    @Override
    public String getName() {
        return isAdmin() ? ROLE_ADMIN : tenantId;
    }
}
