package io.baseplate.audit.internal;

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
import io.baseplate.core.support.QueryParameters;

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
        String tenant = QueryParameters.absent(tenantId) ? null : tenantId;
        if (!caller.isAdmin()) {
            if (tenant != null && !tenant.equals(caller.tenantId())) {
                throw ProblemException.forbidden("A tenant admin reads its own tenant's audit entries only");
            }
            tenant = caller.requireTenant();
        }
        return log.page(new AuditQuery(QueryParameters.text("tenantId", tenant), QueryParameters.instant("from", from),
                QueryParameters.instant("to", to), status(status), method(method), QueryParameters.text("route", route),
                QueryParameters.text("keyPrefix", keyPrefix), QueryParameters.text("userId", userId),
                QueryParameters.limit(limit, DEFAULT_LIMIT, MAX_LIMIT), cursor(cursor)));
    }

    static Integer status(String value) {
        if (QueryParameters.absent(value)) {
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
        if (QueryParameters.absent(value)) {
            return null;
        }
        if (!METHOD.matcher(value.strip()).matches()) {
            throw ProblemException.badRequest("'method' must be an HTTP method in capitals, such as GET");
        }
        return value.strip();
    }

    static AuditCursor cursor(String value) {
        if (QueryParameters.absent(value)) {
            return null;
        }
        return AuditCursor.decode(value.strip()).orElseThrow(() ->
                ProblemException.badRequest("'cursor' is not a cursor this API returned as 'next'"));
    }
}
