package io.baseplate.rest.internal;

import java.time.Duration;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Bounds every request body of every application: a declared {@code Content-Length} over the limit
 * is answered 413 before anything is read; a body without one (chunked) is answered 413 as soon as
 * it grows past the limit; a body that takes longer than the read timeout to arrive is answered 408;
 * a body that cannot be read at all (aborted upload, malformed chunked encoding) is answered 400.
 * Configured with PID {@value #PID}; a change applies to the next request.
 *
 * <p>A response to a request whose body was left unread (refused before the body mattered, or cut
 * off by one of these limits) says {@code Connection: close}: the HTTP server closes such a
 * connection anyway once it cannot skip the rest of the body, and without the header a keep-alive
 * client would send its next request into a closed connection.
 *
 * <p>A pre-matching request filter rather than a reader interceptor: Jakarta REST peeks at the
 * body to see whether there is one before it runs reader interceptors, and a failure of that first
 * read (such as the HTTP server's unchecked "bad message" for a broken chunk) would pass them by.
 */
@Component(service = {ContainerRequestFilter.class, ContainerResponseFilter.class}, configurationPid = RequestBodyLimit.PID)
@Designate(ocd = RequestBodyLimit.Config.class)
@JakartarsExtension
@JakartarsName("request-body-limit")
@JakartarsApplicationSelect(AllApplications.SELECT)
@PreMatching
public class RequestBodyLimit implements ContainerRequestFilter, ContainerResponseFilter {

    /** Configuration PID of the limits, e.g. {@code config/io.baseplate.requestbody.cfg}. */
    public static final String PID = "io.baseplate.requestbody";

    /** The limits; both apply to the next request after a change. */
    @ObjectClassDefinition(name = "Baseplate request body limits")
    public @interface Config {

        @AttributeDefinition(name = "Maximum body size",
                description = "Largest request body accepted, in bytes; a larger one is answered 413")
        long maxBytes() default 65_536;

        @AttributeDefinition(name = "Body read timeout",
                description = "Milliseconds within which the whole request body must arrive; a slower one is answered 408")
        long readTimeoutMillis() default 10_000;
    }

    private static final String BODY = RequestBodyLimit.class.getName() + ".body";

    private volatile Config config;

    @Activate
    @Modified
    void configure(Config configuration) {
        this.config = configuration;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Config limits = config;
        long declaredLength = declaredLength(request);
        if (declaredLength > limits.maxBytes()) {
            throw BoundedBodyStream.tooLarge(limits.maxBytes());
        }
        if (declaredLength > 0 || declaredLength < 0 && request.getHeaderString("Transfer-Encoding") != null) {
            BoundedBodyStream body = new BoundedBodyStream(request.getEntityStream(), declaredLength, limits.maxBytes(),
                    Duration.ofMillis(limits.readTimeoutMillis()));
            request.setProperty(BODY, body);
            request.setEntityStream(body);
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(BODY) instanceof BoundedBodyStream body && !body.wholeBodyRead()) {
            response.getHeaders().putSingle("Connection", "close");
        }
    }

    /** The declared Content-Length, or -1 when there is none; the HTTP server has already rejected malformed ones. */
    private static long declaredLength(ContainerRequestContext request) {
        String declared = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (declared == null) {
            return -1;
        }
        try {
            return Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
