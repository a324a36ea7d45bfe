package io.baseplate.tenancy.internal;

import java.net.URI;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

import io.baseplate.api.rest.ProblemException;
import io.baseplate.api.security.Role;
import io.baseplate.api.security.RolesAllowed;
import io.baseplate.core.support.ApiResource;

/** Tenant administration: the platform admin only. */
@Component(service = TenantsResource.class)
@JakartarsResource
@JakartarsName("tenants")
@JakartarsApplicationSelect(ApiResource.APPLICATION)
@Path("v1/tenants")
@RolesAllowed(Role.PLATFORM_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class TenantsResource {

    private static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}";

    /** Request body of {@code POST /api/v1/tenants}; surrounding white space is not part of the name. */
    public record NewTenant(
            @NotNull(message = "is required")
            @Pattern(regexp = "\\s*" + NAME_PATTERN + "\\s*",
                    message = "must be 1 to 100 letters, digits, spaces, '.', '_' or '-', starting with a letter or digit")
            String name) {
    }

    private final TenantDirectory tenants;

    @Activate
    public TenantsResource(@Reference TenantDirectory tenants) {
        this.tenants = tenants;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Valid @NotNull NewTenant body) {
        if (body == null || body.name() == null || body.name().isBlank()) {
            throw ProblemException.badRequest("Field 'name' is required");
        }
        String name = body.name().strip();
        if (!name.matches(NAME_PATTERN)) {
            throw ProblemException.badRequest("Field 'name' must be 1 to 100 letters, digits, spaces, '.', '_' or '-', "
                    + "starting with a letter or digit");
        }
        TenantDirectory.Tenant tenant = tenants.createTenant(name);
        return Response.created(URI.create("v1/tenants/" + tenant.id())).entity(tenant).build();
    }

    @POST
    @Path("{id}/keys")
    public Response issueKey(@PathParam("id") String tenantId) {
        TenantDirectory.IssuedKey key = tenants.issueKey(tenantId)
                .orElseThrow(() -> ProblemException.notFound("No tenant with id '" + tenantId + "'"));
        return Response.status(Response.Status.CREATED).entity(key).build();
    }
}
