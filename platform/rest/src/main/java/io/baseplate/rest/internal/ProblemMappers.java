package io.baseplate.rest.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.baseplate.api.domain.DomainException;
import io.baseplate.api.rest.Problem;

/**
 * Every error leaves the platform as an RFC 9457 problem body; none carries a stack trace, and no
 * detail names a Java type, a library or its features. Errors that are the client's fault are
 * logged in one line at DEBUG at most; only unexpected ones are logged with their stack trace.
 */
final class ProblemMappers {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemMappers.class);

    private ProblemMappers() {
    }

    static final String UNREADABLE_BODY = "The request body could not be read";

    static Response problem(int status, String title, String detail) {
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(Problem.of(status, title, detail)).build();
    }

    /** The first throwable of the given type in the cause chain, starting with {@code e} itself; null if none. */
    static <T extends Throwable> T causeOfType(Throwable e, Class<T> type) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = e; cause != null && seen.add(cause); cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    /** Malformed JSON, wrong types, duplicate and unknown fields are the caller's mistake: 400. */
    @Component(service = ExceptionMapper.class)
    @JakartarsExtension
    @JakartarsName("json-problems")
    @JakartarsApplicationSelect(AllApplications.SELECT)
    public static class MalformedJson implements ExceptionMapper<JsonProcessingException> {

        @Override
        public Response toResponse(JsonProcessingException e) {
            if (JsonProblemDetails.isServerFault(e)) {
                return new Unexpected().toResponse(e);
            }
            return problem(400, "Bad Request", JsonProblemDetails.describe(e));
        }
    }

    /**
     * Jakarta REST wraps failures to read the request (an aborted upload, malformed chunked encoding)
     * in a {@link ProcessingException}: the client's doing, so a 400 logged in one line. Anything
     * else it wraps is answered as that cause would be.
     */
    @Component(service = ExceptionMapper.class)
    @JakartarsExtension
    @JakartarsName("processing-problems")
    @JakartarsApplicationSelect(AllApplications.SELECT)
    public static class UnreadableRequest implements ExceptionMapper<ProcessingException> {

        @Override
        public Response toResponse(ProcessingException e) {
            WebApplicationException problem = causeOfType(e, WebApplicationException.class);
            if (problem != null) {
                return new HttpErrors().toResponse(problem);
            }
            JsonProcessingException json = causeOfType(e, JsonProcessingException.class);
            if (json != null) {
                return new MalformedJson().toResponse(json);
            }
            Throwable io = causeOfType(e, IOException.class);
            if (io == null) {
                io = causeOfType(e, UncheckedIOException.class);
            }
            if (io != null) {
                LOG.debug("Request body could not be read: {}", io.toString());
                return problem(400, "Bad Request", UNREADABLE_BODY);
            }
            return new Unexpected().toResponse(e);
        }
    }

    /** Jakarta REST's own errors (404 for unknown paths, 405, 415...) in problem form; problem responses pass through. */
    @Component(service = ExceptionMapper.class)
    @JakartarsExtension
    @JakartarsName("http-problems")
    @JakartarsApplicationSelect(AllApplications.SELECT)
    public static class HttpErrors implements ExceptionMapper<WebApplicationException> {

        @Override
        public Response toResponse(WebApplicationException e) {
            Response response = e.getResponse();
            if (response.hasEntity()) {
                return response;
            }
            int status = response.getStatus();
            // fromResponse keeps the original headers, such as Allow on a 405.
            return Response.fromResponse(response)
                    .type(Problem.MEDIA_TYPE)
                    .entity(Problem.of(status, ProblemBodies.titleOf(status), ProblemBodies.detailOf(status)))
                    .build();
        }
    }

    /** What a domain service refused, in the status its kind stands for; the caller's doing, so not logged. */
    @Component(service = ExceptionMapper.class)
    @JakartarsExtension
    @JakartarsName("domain-problems")
    @JakartarsApplicationSelect(AllApplications.SELECT)
    public static class DomainProblems implements ExceptionMapper<DomainException> {

        @Override
        public Response toResponse(DomainException e) {
            int status = switch (e.kind()) {
                case INVALID -> 400;
                case FORBIDDEN -> 403;
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
                case REJECTED -> 422;
            };
            return problem(status, ProblemBodies.titleOf(status), e.getMessage());
        }
    }

    /** Anything unexpected: logged with its stack trace here, answered without one. */
    @Component(service = ExceptionMapper.class)
    @JakartarsExtension
    @JakartarsName("unexpected-problems")
    @JakartarsApplicationSelect(AllApplications.SELECT)
    public static class Unexpected implements ExceptionMapper<Exception> {

        @Override
        public Response toResponse(Exception e) {
            LOG.error("Unhandled error while serving a request", e);
            return problem(500, "Internal Server Error", "An unexpected error occurred; it has been logged");
        }
    }
}
