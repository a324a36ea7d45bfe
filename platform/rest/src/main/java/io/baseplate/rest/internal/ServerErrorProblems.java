package io.baseplate.rest.internal;

import java.nio.ByteBuffer;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import io.baseplate.api.rest.Problem;

/**
 * The HTTP server's own error responses as problem bodies: requests that are not valid HTTP (400,
 * 431, 505...), that no servlet serves, and {@code sendError} from any servlet. Jetty's default
 * handler answers HTML, and only for GET, POST and HEAD.
 */
final class ServerErrorProblems extends ErrorHandler {

    private static final int BAD_REQUEST = 400;

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() >= 400 ? response.getStatus() : 500;
        if (request.getAttribute(ERROR_STATUS) instanceof Integer code && code >= 400) {
            status = code;
        }
        byte[] body = ProblemBodies.json(status, ProblemBodies.detailOf(status));
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        if (status == BAD_REQUEST) {
            // Jetty closes the connection after some malformed requests (a POST whose path holds %00) without
            // saying so, and a keep-alive client then sends its next request into a closed connection. A client
            // that sent a malformed request starts afresh: the answer says so, and Jetty closes it.
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        }
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    /** Requests Jetty could not parse: the body goes out with the connection's last response. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
        return ByteBuffer.wrap(ProblemBodies.json(status, ProblemBodies.detailOf(status)));
    }
}
