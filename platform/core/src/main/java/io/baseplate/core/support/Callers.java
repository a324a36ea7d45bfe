package io.baseplate.core.support;

import jakarta.ws.rs.core.SecurityContext;

import io.baseplate.api.rest.ProblemException;
import io.baseplate.api.security.Caller;

/** Reads the caller the {@code @ApiKey} filter resolved, and enforces which kind of key a route needs. */
public final class Callers {

    private Callers() {
    }

    /** The calling tenant's id; 403 when the request was made with the admin key. */
    public static String tenantOf(SecurityContext security) {
        Caller caller = callerOf(security);
        if (caller.isAdmin()) {
            throw ProblemException.forbidden("This endpoint acts for a tenant: call it with a tenant API key");
        }
        return caller.tenantId();
    }

    /** 403 unless the request was made with the platform admin key. */
    public static void requireAdmin(SecurityContext security) {
        if (!callerOf(security).isAdmin()) {
            throw ProblemException.forbidden("This endpoint needs the platform admin key");
        }
    }

    private static Caller callerOf(SecurityContext security) {
        if (security != null && security.getUserPrincipal() instanceof Caller caller) {
            return caller;
        }
        // Reached only if a resource forgot @ApiKey: fail closed.
        throw new ProblemException(401, "Unauthorized", "Missing API key");
    }
}
