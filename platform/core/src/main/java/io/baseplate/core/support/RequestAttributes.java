package io.baseplate.core.support;

/**
 * Servlet request attributes through which whatever serves a protected route (the Jakarta REST
 * authentication filter, the event stream servlet) tells the request gate what it learnt about the
 * request; the gate writes the audit entry once the response is complete. Jersey's servlet container
 * keeps request properties as servlet request attributes, so both sides see the same values.
 */
public final class RequestAttributes {

    /** Set (to the route template) only on requests to protected routes: the gate audits exactly these. */
    public static final String ROUTE = "io.baseplate.audit.route";
    /** The authenticated {@link io.baseplate.api.security.Caller}. */
    public static final String CALLER = "io.baseplate.audit.caller";
    /** Tenant and key prefix of a refused key, when they are known. */
    public static final String REFUSED_TENANT = "io.baseplate.audit.refusedTenant";
    public static final String REFUSED_KEY_PREFIX = "io.baseplate.audit.refusedKeyPrefix";
    /** Present on routes marked {@link io.baseplate.api.security.Sensitive}. */
    public static final String SENSITIVE = "io.baseplate.audit.sensitive";

    private RequestAttributes() {
    }
}
