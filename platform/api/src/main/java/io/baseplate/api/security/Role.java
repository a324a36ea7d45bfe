package io.baseplate.api.security;

/**
 * The platform's one vocabulary of roles: what keys are stored with, what {@link Caller#hasRole}
 * answers, and the names {@code SecurityContext.isUserInRole} and {@code @RolesAllowed} use.
 */
public enum Role {
    /** Operates the platform: tenants, plugins, configuration. Belongs to no tenant. */
    PLATFORM_ADMIN,
    /** Acts for one tenant: every tenant API key has it. */
    TENANT
}
