package io.baseplate.bench.baseline;

/** The roles keys are stored with, as io.baseplate.api.security.Role. */
public enum Role {
    PLATFORM_ADMIN,
    TENANT
}
