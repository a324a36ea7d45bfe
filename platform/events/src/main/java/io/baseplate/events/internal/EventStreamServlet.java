package io.baseplate.events.internal;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;

import io.baseplate.api.rest.Problem;
import io.baseplate.api.rest.ProblemTypes;
import io.baseplate.api.security.ApiKeyAuthenticator;
import io.baseplate.api.security.Caller;
import io.baseplate.core.support.PresentedKey;
import io.baseplate.core.support.RequestAttributes;

/**
 * {@code GET /api/v1/events}: the calling tenant's platform events that the caller is in the audience of
 * ({@link Audience}), of the topics asked for with {@code ?topic=}, as Server-Sent Events. A plain
 * servlet on the HTTP whiteboard, in a {@linkplain EventStreamContext context of its own}, rather
 * than a REST resource, so a plugin deploy, which rebuilds the REST applications, does not cut open
 * streams. {@code HEAD} answers at once after authentication; errors are RFC 9457 problems like the
 * rest of {@code /api}. Like every protected route, it leaves the route and the caller (or the refused
 * key's tenant and prefix) in {@link RequestAttributes} for the request gate's audit.
 */
// The pattern "" (its context's root) is set as a plain property: the pattern annotation takes a
// String[] and writes an empty string as an empty array, which the whiteboard rejects.
@Component(service = Servlet.class, property = HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=")
@HttpWhiteboardContextSelect(EventStreamContext.SELECT)
@HttpWhiteboardServletAsyncSupported
public class EventStreamServlet extends HttpServlet {

    static final String PATH = "/api/v1/events";
    static final String LAST_EVENT_ID = "Last-Event-ID";
    /** The query parameter, repeatable, that asks for topics (see {@link TopicFilter}). */
    static final String TOPIC = "topic";
    private static final String ALLOWED_METHODS = "GET, HEAD";
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final transient ApiKeyAuthenticator authenticator;
    private final transient EventStreams streams;

    @Activate
    public EventStreamServlet(@Reference(target = "(baseplate.authenticator=platform)") ApiKeyAuthenticator authenticator, @Reference EventStreams streams) {
        this.authenticator = authenticator;
        this.streams = streams;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        request.setAttribute(RequestAttributes.ROUTE, PATH);
        switch (request.getMethod()) {
            case "GET" -> subscribe(request, response);
            case "HEAD" -> tenantCaller(request, response).ifPresent(caller -> {
                response.setStatus(HttpServletResponse.SC_OK);
                response.setContentType(EventStreams.CONTENT_TYPE);
                response.setHeader("Cache-Control", "no-store");
            });
            default -> {
                response.setHeader("Allow", ALLOWED_METHODS);
                problem(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "Method Not Allowed",
                        request.getMethod() + " is not supported here; use " + ALLOWED_METHODS);
            }
        }
    }

    private void subscribe(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<Caller> caller = tenantCaller(request, response);
        if (caller.isEmpty()) {
            return;
        }
        TopicFilter topics;
        try {
            topics = TopicFilter.of(request.getParameterValues(TOPIC));
        } catch (IllegalArgumentException badPattern) {
            problem(response, HttpServletResponse.SC_BAD_REQUEST, "Bad Request", badPattern.getMessage());
            return;
        }
        if (!streams.open(caller.get(), topics, request.getHeader(LAST_EVENT_ID), request, response)) {
            response.setHeader("Retry-After", Long.toString(streams.retryAfterSeconds()));
            problem(response, 429, "Too Many Requests",
                    "This API key already holds its maximum of open event streams; close one or retry later");
        }
    }

    /** The authenticated tenant caller; otherwise answers 401 (no or unknown key) or 403 (admin key) and returns empty. */
    private Optional<Caller> tenantCaller(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PresentedKey presented = PresentedKey.from(request.getHeaders(ApiKeyAuthenticator.HEADER),
                request.getHeaders(PresentedKey.AUTHORIZATION));
        if (presented.isMalformed()) {
            problem(response, HttpServletResponse.SC_BAD_REQUEST, "Bad Request", presented.problem());
            return Optional.empty();
        }
        ApiKeyAuthenticator.Outcome outcome = authenticator.authenticate(presented.key());
        if (outcome instanceof ApiKeyAuthenticator.Refused refused) {
            if (refused.tenantId() != null) {
                request.setAttribute(RequestAttributes.REFUSED_TENANT, refused.tenantId());
            }
            if (refused.keyPrefix() != null) {
                request.setAttribute(RequestAttributes.REFUSED_KEY_PREFIX, refused.keyPrefix());
            }
            boolean unauthenticated = refused.status() == HttpServletResponse.SC_UNAUTHORIZED;
            if (unauthenticated) {
                response.setHeader("WWW-Authenticate", "Bearer realm=\"baseplate\"");
            }
            // The authenticator refuses a valid key with 403 only for a suspended tenant.
            problem(response, unauthenticated ? Problem.of(401, "Unauthorized", refused.detail())
                    : new Problem(ProblemTypes.TENANT_SUSPENDED, "Forbidden", refused.status(), refused.detail()));
            return Optional.empty();
        }
        Caller caller = ((ApiKeyAuthenticator.Accepted) outcome).caller();
        request.setAttribute(RequestAttributes.CALLER, caller);
        if (caller.isAdmin()) {
            problem(response, HttpServletResponse.SC_FORBIDDEN, "Forbidden",
                    "This endpoint acts for a tenant: call it with a tenant API key");
            return Optional.empty();
        }
        return Optional.of(caller);
    }

    private static void problem(HttpServletResponse response, int status, String title, String detail) throws IOException {
        problem(response, Problem.of(status, title, detail));
    }

    private static void problem(HttpServletResponse response, Problem problem) throws IOException {
        response.setStatus(problem.status());
        response.setContentType(Problem.MEDIA_TYPE);
        response.setHeader("Cache-Control", "no-store");
        JSON.writeValue(response.getOutputStream(), problem);
    }
}
