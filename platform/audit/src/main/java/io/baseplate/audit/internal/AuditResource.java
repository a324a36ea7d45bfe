package io.baseplate.audit.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.regex.Pattern;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

import io.baseplate.api.rest.ProblemException;
import io.baseplate.api.security.Caller;
import io.baseplate.api.security.Role;
import io.baseplate.api.security.RolesAllowed;
import io.baseplate.core.support.ApiResource;
import io.baseplate.core.support.StorableValues;

/**
 * {@code GET /api/v1/audit}: the audit trail, newest first, with filters and cursor paging. A tenant
 * admin reads its own tenant's entries only; the platform admin reads every entry, those of no known
 * tenant included, and may filter by {@code tenantId}.
 */
@Component(service = AuditResource.class)
@JakartarsResource
@JakartarsName("audit")
@JakartarsApplicationSelect(ApiResource.APPLICATION)
@Path("v1/audit")
@RolesAllowed({Role.PLATFORM_ADMIN, Role.TENANT_ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    private static final Pattern METHOD = Pattern.compile("[A-Z]{1,16}");
    private static final int MAX_FILTER = 300;

    private final AuditLog log;

    @Activate
    public AuditResource(@Reference AuditLog log) {
        this.log = log;
    }

    @GET
    public AuditPage list(@Context SecurityContext security,
            @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("status") String status, @QueryParam("method") String method,
            @QueryParam("route") String route, @QueryParam("keyPrefix") String keyPrefix,
            @QueryParam("userId") String userId, @QueryParam("tenantId") String tenantId,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        Caller caller = Caller.of(security);
        String tenant = blankToNull(tenantId);
        if (!caller.isAdmin()) {
            if (tenant != null && !tenant.equals(caller.tenantId())) {
                throw ProblemException.forbidden("A tenant admin reads its own tenant's audit entries only");
            }
            tenant = caller.requireTenant();
        }
        return log.page(new AuditQuery(text("tenantId", tenant), instant("from", from), instant("to", to),
                status(status), method(method), text("route", route), text("keyPrefix", keyPrefix),
                text("userId", userId), limit(limit), cursor(cursor)));
    }

    static Instant instant(String name, String value) {
        if (blankToNull(value) == null) {
            return null;
        }
        try {
            Instant instant = Instant.parse(value.strip());
            if (StorableValues.isStorable(instant)) {
                return instant;
            }
        } catch (DateTimeException e) {
            // answered below
        }
        throw ProblemException.badRequest("'" + name + "' must be an ISO-8601 instant from year 1 to 9999, such as 2026-01-31T12:00:00Z");
    }

    static Integer status(String value) {
        if (blankToNull(value) == null) {
            return null;
        }
        try {
            int status = Integer.parseInt(value.strip());
            if (status >= 100 && status <= 599) {
                return status;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest("'status' must be an HTTP status code, 100 to 599");
    }

    static String method(String value) {
        if (blankToNull(value) == null) {
            return null;
        }
        if (!METHOD.matcher(value.strip()).matches()) {
            throw ProblemException.badRequest("'method' must be an HTTP method in capitals, such as GET");
        }
        return value.strip();
    }

    static int limit(String value) {
        if (blankToNull(value) == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest("'limit' must be a whole number from 1 to " + MAX_LIMIT);
    }

    static AuditCursor cursor(String value) {
        if (blankToNull(value) == null) {
            return null;
        }
        return AuditCursor.decode(value.strip()).orElseThrow(() ->
                ProblemException.badRequest("'cursor' is not a cursor this API returned as 'next'"));
    }

    private static String text(String name, String value) {
        String text = blankToNull(value);
        if (text != null && text.length() > MAX_FILTER) {
            throw ProblemException.badRequest("'" + name + "' is longer than " + MAX_FILTER + " characters");
        }
        if (text != null && !StorableValues.isPrintable(text)) {
            throw ProblemException.badRequest("'" + name + "' must not contain control characters");
        }
        return text;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
