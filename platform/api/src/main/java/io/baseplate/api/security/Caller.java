package io.baseplate.api.security;

import java.security.Principal;
import java.util.Objects;

/**
 * The authenticated caller of a request.
 *
 * @param tenantId the caller's tenant, or null for the platform admin
 * @param keyId    the id of the API key used (never the key itself)
 * @param role     what the key may do
 */
public record Caller(String tenantId, String keyId, Role role) implements Principal {

    public Caller {
        Objects.requireNonNull(role, "role");
        if ((tenantId == null) != (role == Role.PLATFORM_ADMIN)) {
            throw new IllegalArgumentException("Only the platform admin acts for no tenant");
        }
    }

    public static Caller admin(String keyId) {
        return new Caller(null, keyId, Role.PLATFORM_ADMIN);
    }

    public static Caller tenant(String tenantId, String keyId) {
        return new Caller(Objects.requireNonNull(tenantId, "tenantId"), keyId, Role.TENANT);
    }

    public boolean isAdmin() {
        return role == Role.PLATFORM_ADMIN;
    }

    public boolean hasRole(Role wanted) {
        return role == wanted;
    }

    @Override
    public String getName() {
        return isAdmin() ? role.name() : tenantId;
    }
}
