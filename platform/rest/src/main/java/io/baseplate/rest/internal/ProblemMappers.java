package io.baseplate.rest.internal;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.baseplate.api.rest.Problem;

/** Every error leaves the platform as an RFC 9457 problem body; none carries a stack trace. */
final class ProblemMappers {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemMappers.class);

    private ProblemMappers() {
    }

    static Response problem(int status, String title, String detail) {
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(Problem.of(status, title, detail)).build();
    }

    /** Malformed JSON, wrong types and unknown fields are the caller's mistake: 400. */
    @Component(service = ExceptionMapper.class)
    @JakartarsExtension
    @JakartarsName("json-problems")
    @JakartarsApplicationSelect(AllApplications.SELECT)
    public static class MalformedJson implements ExceptionMapper<JsonProcessingException> {

        @Override
        public Response toResponse(JsonProcessingException e) {
            String detail = e instanceof UnrecognizedPropertyException unknown
                    ? "Unknown field '" + unknown.getPropertyName() + "'"
                    : "Malformed JSON body: " + e.getOriginalMessage();
            return problem(400, "Bad Request", detail);
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
            Response.StatusType status = response.getStatusInfo();
            // fromResponse keeps the original headers, such as Allow on a 405.
            return Response.fromResponse(response)
                    .type(Problem.MEDIA_TYPE)
                    .entity(Problem.of(status.getStatusCode(), status.getReasonPhrase(), detailFor(status.getStatusCode())))
                    .build();
        }

        private static String detailFor(int status) {
            return switch (status) {
                case 404 -> "No resource at this path";
                case 405 -> "This method is not allowed on this resource";
                case 406 -> "No acceptable representation: this API produces application/json";
                case 415 -> "Unsupported media type: send application/json";
                default -> "The request could not be served";
            };
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
