package io.baseplate.rest.internal;

import java.io.IOException;
import java.io.UncheckedIOException;

import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.baseplate.api.rest.Problem;

/**
 * The standard title and detail of each error status, and problem bodies for what answers below
 * Jakarta REST: the HTTP server itself, the request gate and the health servlet. Details are fixed
 * sentences per status, never a server message, so nothing internal can leak through them.
 */
final class ProblemBodies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProblemBodies() {
    }

    static byte[] json(int status, String detail) {
        return json(Problem.of(status, titleOf(status), detail));
    }

    static byte[] json(Object problem) {
        try {
            return JSON.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a problem with the standard detail of its status. */
    static void send(HttpServletResponse response, int status) throws IOException {
        send(response, status, detailOf(status));
    }

    static void send(HttpServletResponse response, int status, String detail) throws IOException {
        byte[] body = json(status, detail);
        response.setStatus(status);
        response.setContentType(Problem.MEDIA_TYPE);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    static String titleOf(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 411 -> "Length Required";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 426 -> "Upgrade Required";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> status >= 500 ? "Internal Server Error" : "Bad Request";
        };
    }

    static String detailOf(int status) {
        return switch (status) {
            case 400 -> "The request is malformed or could not be read";
            case 404 -> "No resource at this path";
            case 405 -> "This method is not allowed on this resource";
            case 406 -> "No acceptable representation: this API produces application/json";
            case 408 -> "The request was not received in time";
            case 411 -> "A Content-Length or chunked request body is required";
            case 413 -> "The request body is larger than this server accepts";
            case 414 -> "The request URI is too long";
            case 415 -> "Unsupported media type: send application/json";
            case 426 -> "This server speaks HTTP/1.1 only";
            case 429 -> "Too many requests at once for this API key; retry shortly";
            case 431 -> "The request headers are too large";
            case 501 -> "This method is not implemented";
            case 503 -> "The platform is stopping or not ready; retry shortly";
            case 505 -> "Only HTTP/1.0 and HTTP/1.1 are supported";
            default -> status >= 500 ? "An unexpected error occurred; it has been logged" : "The request could not be served";
        };
    }
}
