package io.baseplate.rest.internal;

import java.security.Principal;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

import io.baseplate.api.rest.Problem;
import io.baseplate.api.security.ApiKey;
import io.baseplate.api.security.ApiKeyAuthenticator;
import io.baseplate.api.security.Caller;

/**
 * The first route decorator: resources annotated {@link ApiKey} run only for a known
 * {@value ApiKey#HEADER}; anything else is answered 401 with a problem body.
 */
@Component(service = ContainerRequestFilter.class)
@JakartarsExtension
@JakartarsName("api-key-filter")
@JakartarsApplicationSelect(AllApplications.SELECT)
@ApiKey
@Priority(Priorities.AUTHENTICATION)
public class ApiKeyFilter implements ContainerRequestFilter {

    private final ApiKeyAuthenticator authenticator;

    @Activate
    public ApiKeyFilter(@Reference(target = "(baseplate.authenticator=platform)") ApiKeyAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String key = request.getHeaderString(ApiKey.HEADER);
        Optional<Caller> caller = authenticator.authenticate(key);
        if (caller.isEmpty()) {
            String detail = key == null || key.isBlank()
                    ? "Missing API key: send it in the " + ApiKey.HEADER + " header"
                    : "Unknown API key";
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, ApiKey.HEADER)
                    .type(Problem.MEDIA_TYPE)
                    .entity(Problem.of(401, "Unauthorized", detail))
                    .build());
            return;
        }
        request.setSecurityContext(new CallerSecurityContext(caller.get(), request.getSecurityContext().isSecure()));
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
