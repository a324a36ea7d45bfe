package io.baseplate.api.security;

/** Event Admin topics and properties of access control. */
public final class SecurityEvents {

    /** A refused attempt on a {@link Sensitive} route. */
    public static final String ACCESS_DENIED = "baseplate/security/ACCESS_DENIED";
    public static final String TENANT_ID = "tenantId";
    public static final String KEY_PREFIX = "keyPrefix";
    public static final String METHOD = "method";
    public static final String ROUTE = "route";
    public static final String STATUS = "status";
    public static final String CLIENT = "client";

    private SecurityEvents() {
    }
}
