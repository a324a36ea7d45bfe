package io.baseplate.api.security;

/**
 * The platform's one vocabulary of roles: what keys and users are stored with, what {@link Caller#hasRole}
 * answers, and the names {@code SecurityContext.isUserInRole} and {@link RolesAllowed} use.
 */
public enum Role {
    /** Operates the platform: tenants, plugins, configuration. Belongs to no tenant. */
    PLATFORM_ADMIN,
    /** Administers one tenant: its users, keys, gateways and audit trail. */
    TENANT_ADMIN,
    /** Runs a tenant's day-to-day business: payments, jobs, every participant's records. */
    OPERATOR,
    TUTOR,
    STUDENT,
    DOCTOR,
    PATIENT,
    COURIER,
    CUSTOMER;

    /** Whether this role administers or operates (the first three) rather than takes part in a domain. */
    public boolean isPlatformRole() {
        return this == PLATFORM_ADMIN || this == TENANT_ADMIN || this == OPERATOR;
    }
}
