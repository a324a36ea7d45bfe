package io.baseplate.bench.baseline;

import java.security.Principal;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/**
 * Resources annotated {@link ApiKey} run only for a known key, looked up by its SHA-256 in API_KEYS
 * in one platform transaction (the platform's ApiKeyFilter with TenantDirectory.authenticate).
 */
@ApiKey
@Priority(Priorities.AUTHENTICATION)
public class ApiKeyFilter implements ContainerRequestFilter {

    /** Who called: a tenant's key, or the admin key (tenantId null). */
    record Caller(String tenantId, String keyId, Role role) implements Principal {

        @Override
        public String getName() {
            return keyId;
        }
    }

    private final Db db;

    public ApiKeyFilter(Db db) {
        this.db = db;
    }

    Optional<Caller> authenticate(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            return Optional.empty();
        }
        String hash = Db.sha256Hex(apiKey.strip());
        return db.inPlatform(em -> em.createNamedQuery(ApiKeyEntity.BY_HASH, ApiKeyEntity.class)
                .setParameter("hash", hash).getResultStream().findFirst()
                .map(key -> new Caller(key.getRole() == Role.PLATFORM_ADMIN ? null : key.getTenantId(),
                        key.getId(), key.getRole())));
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String key = request.getHeaderString(ApiKey.HEADER);
        Optional<Caller> caller = authenticate(key);
        if (caller.isEmpty()) {
            String detail = key == null || key.isBlank()
                    ? "Missing API key: send it in the " + ApiKey.HEADER + " header"
                    : "Unknown API key";
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, ApiKey.HEADER)
                    .type(Problems.MEDIA_TYPE)
                    .entity(Problems.Problem.of(401, "Unauthorized", detail))
                    .build());
            return;
        }
        request.setSecurityContext(new CallerSecurityContext(caller.get(), request.getSecurityContext().isSecure()));
    }

    /** The calling tenant's id; 403 for the admin key (the platform's Callers.tenantOf). */
    static String tenantOf(SecurityContext security) {
        if (security != null && security.getUserPrincipal() instanceof Caller caller) {
            if (caller.role() == Role.PLATFORM_ADMIN) {
                throw new Problems.ProblemException(403, "Forbidden",
                        "This endpoint acts for a tenant: call it with a tenant API key");
            }
            return caller.tenantId();
        }
        throw new Problems.ProblemException(401, "Unauthorized", "Missing API key");
    }

    private record CallerSecurityContext(Caller caller, boolean secure) implements SecurityContext {

        @Override
        public Principal getUserPrincipal() {
            return caller;
        }

        @Override
        public boolean isUserInRole(String role) {
            return caller.role().name().equals(role);
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return ApiKey.HEADER;
        }
    }
}
