package io.baseplate.bench.baseline;

import java.io.IOException;
import java.io.UncheckedIOException;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 9457 problem bodies and the exception mappers that produce them, after the platform's
 * ProblemMappers (with shorter JSON error details than its JsonProblemDetails).
 */
final class Problems {

    static final String MEDIA_TYPE = "application/problem+json";
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    private Problems() {
    }

    /** A problem details body. */
    public record Problem(String type, String title, int status, String detail) {

        static Problem of(int status, String title, String detail) {
            return new Problem("about:blank", title, status, detail);
        }
    }

    /** Ends a request with a problem response. */
    static final class ProblemException extends WebApplicationException {

        private static final long serialVersionUID = 1L;

        ProblemException(int status, String title, String detail) {
            super(detail, response(status, title, detail));
        }

        static ProblemException badRequest(String detail) {
            return new ProblemException(400, "Bad Request", detail);
        }
    }

    /** What the payment service refuses, with the status its kind stands for (the platform's DomainException). */
    static final class DomainException extends RuntimeException {

        private static final long serialVersionUID = 1L;
        private final int status;

        private DomainException(int status, String detail) {
            super(detail);
            this.status = status;
        }

        static DomainException conflict(String detail) {
            return new DomainException(409, detail);
        }

        static DomainException rejected(String detail) {
            return new DomainException(422, detail);
        }
    }

    static Response response(int status, String title, String detail) {
        return Response.status(status).type(MEDIA_TYPE).entity(Problem.of(status, title, detail)).build();
    }

    static String titleOf(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Bad Request";
        };
    }

    static <T extends Throwable> T causeOfType(Throwable e, Class<T> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    /** Malformed JSON, wrong types, duplicate and unknown fields: 400. */
    static final class MalformedJson implements ExceptionMapper<JsonProcessingException> {

        @Override
        public Response toResponse(JsonProcessingException e) {
            return response(400, "Bad Request", describe(e));
        }

        private static String describe(JsonProcessingException e) {
            if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
                String field = mapping.getPath().get(mapping.getPath().size() - 1).getFieldName();
                if (field != null) {
                    return "Field '" + field + "' has a value of the wrong type or is not allowed";
                }
            }
            return "Malformed JSON" + (e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
    }

    /** Failures to read the request that Jakarta REST wraps. */
    static final class UnreadableRequest implements ExceptionMapper<ProcessingException> {

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
            if (causeOfType(e, IOException.class) != null || causeOfType(e, UncheckedIOException.class) != null) {
                return response(400, "Bad Request", "The request body could not be read");
            }
            return new Unexpected().toResponse(e);
        }
    }

    /** Jakarta REST's own errors in problem form; problem responses pass through. */
    static final class HttpErrors implements ExceptionMapper<WebApplicationException> {

        @Override
        public Response toResponse(WebApplicationException e) {
            Response response = e.getResponse();
            if (response.hasEntity()) {
                return response;
            }
            int status = response.getStatus();
            return Response.fromResponse(response).type(MEDIA_TYPE)
                    .entity(Problem.of(status, titleOf(status), "The request could not be served")).build();
        }
    }

    static final class DomainProblems implements ExceptionMapper<DomainException> {

        @Override
        public Response toResponse(DomainException e) {
            return response(e.status, titleOf(e.status), e.getMessage());
        }
    }

    static final class Unexpected implements ExceptionMapper<Exception> {

        @Override
        public Response toResponse(Exception e) {
            LOG.error("Unhandled error while serving a request", e);
            return response(500, "Internal Server Error", "An unexpected error occurred; it has been logged");
        }
    }
}
