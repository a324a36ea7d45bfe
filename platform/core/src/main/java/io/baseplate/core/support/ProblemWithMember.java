package io.baseplate.core.support;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import io.baseplate.api.rest.Problem;

/**
 * An RFC 9457 problem response carrying one extension member beside the standard ones, for refusals that say
 * more than a detail: the fields at fault ({@code errors}), the transitions allowed now ({@code allowed}).
 */
public final class ProblemWithMember {

    private ProblemWithMember() {
    }

    public static WebApplicationException of(int status, String title, String detail, String member, Object value) {
        Problem problem = Problem.of(status, title, detail);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.type());
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.detail());
        body.put(member, value);
        return new WebApplicationException(detail, Response.status(status).type(Problem.MEDIA_TYPE).entity(body).build());
    }
}
