package io.baseplate.rest.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.security.Principal;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
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
import io.baseplate.api.rest.ProblemTypes;
import io.baseplate.api.security.ApiKeyAuthenticator;
import io.baseplate.api.security.Caller;
import io.baseplate.api.security.Public;
import io.baseplate.api.security.Sensitive;
import io.baseplate.core.support.PresentedKey;
import io.baseplate.core.support.RequestAttributes;

/**
 * Default-deny: every resource method of every application, whichever bundle contributes it, runs only for
 * a caller with a valid API key, unless the method or its class is marked {@link Public}. The filter is
 * global rather than name-bound, so a resource without any annotation is protected too. It also leaves the
 * route template, the caller (or the refused key's tenant and prefix) and the {@link Sensitive} mark for the
 * request gate, which audits the request once its response is complete.
 */
@Component(service = ContainerRequestFilter.class)
@JakartarsExtension
@JakartarsName("authentication")
@JakartarsApplicationSelect(AllApplications.SELECT)
@Priority(Priorities.AUTHENTICATION)
public class AuthenticationFilter implements ContainerRequestFilter {

    static final String CHALLENGE = "Bearer realm=\"baseplate\"";
    private static final String API_BASE = "/api";

    private final ApiKeyAuthenticator authenticator;

    @Context
    private ResourceInfo resource;

    @Activate
    public AuthenticationFilter(@Reference(target = "(baseplate.authenticator=platform)") ApiKeyAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Method method = resource.getResourceMethod();
        Class<?> type = resource.getResourceClass();
        if (annotated(method, type, Public.class)) {
            return;
        }
        request.setProperty(RequestAttributes.ROUTE, routeTemplate());
        if (annotated(method, type, Sensitive.class)) {
            request.setProperty(RequestAttributes.SENSITIVE, Boolean.TRUE);
        }
        PresentedKey presented = PresentedKey.from(request.getHeaders().get(ApiKeyAuthenticator.HEADER),
                request.getHeaders().get(PresentedKey.AUTHORIZATION));
        if (presented.isMalformed()) {
            request.abortWith(problem(400, "Bad Request", presented.problem()));
            return;
        }
        ApiKeyAuthenticator.Outcome outcome = authenticator.authenticate(presented.key());
        if (outcome instanceof ApiKeyAuthenticator.Accepted accepted) {
            request.setProperty(RequestAttributes.CALLER, accepted.caller());
            request.setSecurityContext(new CallerSecurityContext(accepted.caller(), request.getSecurityContext().isSecure()));
        } else if (outcome instanceof ApiKeyAuthenticator.Refused refused) {
            if (refused.tenantId() != null) {
                request.setProperty(RequestAttributes.REFUSED_TENANT, refused.tenantId());
            }
            if (refused.keyPrefix() != null) {
                request.setProperty(RequestAttributes.REFUSED_KEY_PREFIX, refused.keyPrefix());
            }
            request.abortWith(refused.status() == 401
                    ? Response.fromResponse(problem(401, "Unauthorized", refused.detail()))
                            .header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE).build()
                    : problem(refused.status(), "Forbidden", refused.detail(), ProblemTypes.TENANT_SUSPENDED));
        }
    }

    private static boolean annotated(Method method, Class<?> type, Class<? extends Annotation> annotation) {
        return (method != null && method.isAnnotationPresent(annotation)) || (type != null && type.isAnnotationPresent(annotation));
    }

    /** {@code /api/v1/payments/{id}}: the resource class's path template, then its method's. */
    private String routeTemplate() {
        StringBuilder route = new StringBuilder(API_BASE);
        appendPath(route, resource.getResourceClass().getAnnotation(Path.class));
        appendPath(route, resource.getResourceMethod().getAnnotation(Path.class));
        return route.toString();
    }

    private static void appendPath(StringBuilder route, Path path) {
        if (path == null) {
            return;
        }
        String template = path.value().strip();
        if (template.endsWith("/")) {
            template = template.substring(0, template.length() - 1);
        }
        if (!template.isEmpty()) {
            route.append(template.startsWith("/") ? "" : "/").append(template);
        }
    }

    private static Response problem(int status, String title, String detail) {
        return problem(status, title, detail, ProblemTypes.forStatus(status));
    }

    private static Response problem(int status, String title, String detail, String type) {
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(new Problem(type, title, status, detail)).build();
    }

    private record CallerSecurityContext(Caller caller, boolean secure) implements SecurityContext {

        @Override
        public Principal getUserPrincipal() {
            return caller;
        }

        @Override
        public boolean isUserInRole(String role) {
            return caller.roles().stream().anyMatch(held -> held.name().equals(role));
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return "Bearer";
        }
    }
}
