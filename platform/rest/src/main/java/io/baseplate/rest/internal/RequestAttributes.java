package io.baseplate.rest.internal;

/**
 * What the Jakarta REST filters learn about a request and leave for the request gate, which writes the
 * audit entry once the response is complete. Jersey's servlet container keeps request properties as
 * servlet request attributes, so both sides see the same values.
 */
final class RequestAttributes {

    /** Set (to the route template) only on requests to protected routes: the gate audits exactly these. */
    static final String ROUTE = "io.baseplate.audit.route";
    /** The authenticated {@link io.baseplate.api.security.Caller}. */
    static final String CALLER = "io.baseplate.audit.caller";
    /** Tenant and key prefix of a refused key, when they are known. */
    static final String REFUSED_TENANT = "io.baseplate.audit.refusedTenant";
    static final String REFUSED_KEY_PREFIX = "io.baseplate.audit.refusedKeyPrefix";
    /** Present on routes marked {@link io.baseplate.api.security.Sensitive}. */
    static final String SENSITIVE = "io.baseplate.audit.sensitive";

    private RequestAttributes() {
    }
}
