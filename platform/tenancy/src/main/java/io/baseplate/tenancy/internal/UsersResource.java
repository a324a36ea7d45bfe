package io.baseplate.tenancy.internal;

import java.net.URI;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

import io.baseplate.api.rest.ItemList;
import io.baseplate.api.rest.ProblemException;
import io.baseplate.api.security.Caller;
import io.baseplate.api.security.Role;
import io.baseplate.api.security.RolesAllowed;
import io.baseplate.core.support.ApiResource;

/** The calling tenant's users and their roles: its tenant admins only. Another tenant's user ids are 404. */
@Component(service = UsersResource.class)
@JakartarsResource
@JakartarsName("users")
@JakartarsApplicationSelect(ApiResource.APPLICATION)
@Path("v1/users")
@RolesAllowed(Role.TENANT_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {

    static final String NAME_PATTERN = "\\s*[^\\p{Cntrl}]{1,200}\\s*";

    /** Request body of {@code POST /api/v1/users}: a name (or e-mail address) unique in the tenant, and roles. */
    public record NewUser(
            @NotNull(message = "is required")
            @Pattern(regexp = NAME_PATTERN, message = "must be 1 to 200 characters without control characters")
            String name,
            @NotEmpty(message = "must name at least one role")
            Set<@NotNull Role> roles) {
    }

    private final TenantDirectory directory;

    @Activate
    public UsersResource(@Reference TenantDirectory directory) {
        this.directory = directory;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Valid @NotNull NewUser body, @Context SecurityContext security) {
        String tenantId = Caller.of(security).requireTenant();
        if (body == null || body.name() == null || body.name().isBlank()) {
            throw ProblemException.badRequest("Field 'name' is required");
        }
        String name = body.name().strip();
        if (!name.matches(NAME_PATTERN)) {
            throw ProblemException.badRequest("Field 'name' must be 1 to 200 characters without control characters");
        }
        TenantDirectory.User user = directory.createUser(tenantId, name, body.roles());
        return Response.created(URI.create("v1/users/" + user.id())).entity(user).build();
    }

    @GET
    public ItemList<TenantDirectory.User> list(@Context SecurityContext security) {
        return new ItemList<>(directory.listUsers(Caller.of(security).requireTenant()));
    }

    @GET
    @Path("{id}")
    public TenantDirectory.User get(@PathParam("id") String userId, @Context SecurityContext security) {
        return directory.findUser(Caller.of(security).requireTenant(), userId)
                .orElseThrow(() -> ProblemException.notFound("No user with id '" + userId + "'"));
    }

    /** Deletes the user and revokes its keys. 204. */
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String userId, @Context SecurityContext security) {
        directory.deleteUser(Caller.of(security).requireTenant(), userId);
        return Response.noContent().build();
    }
}
