package io.baseplate.tenancy.internal;

import java.net.URI;
import java.time.Instant;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
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

/**
 * The calling tenant's API keys: its tenant admins only. Create and rotate show the new key once; lists never
 * show keys, only their public prefixes. Another tenant's key ids are 404.
 */
@Component(service = KeysResource.class)
@JakartarsResource
@JakartarsName("keys")
@JakartarsApplicationSelect(ApiResource.APPLICATION)
@Path("v1/keys")
@RolesAllowed(Role.TENANT_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class KeysResource {

    static final String NAME_PATTERN = "\\s*[^\\p{Cntrl}]{1,100}\\s*";

    /**
     * Request body of {@code POST /api/v1/keys}.
     *
     * @param userId    the user the key acts for; absent for the tenant's service account
     * @param expiresAt when the key stops working; absent for never
     */
    public record NewKey(
            @NotNull(message = "is required")
            @Pattern(regexp = NAME_PATTERN, message = "must be 1 to 100 characters without control characters")
            String name,
            @NotEmpty(message = "must name at least one role")
            Set<@NotNull Role> roles,
            @Size(max = 36, message = "must be at most {max} characters")
            @Pattern(regexp = "\\P{Cntrl}*", message = "must not contain control characters")
            String userId,
            Instant expiresAt) {
    }

    private final TenantDirectory directory;

    @Activate
    public KeysResource(@Reference TenantDirectory directory) {
        this.directory = directory;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Valid @NotNull NewKey body, @Context SecurityContext security) {
        String tenantId = Caller.of(security).requireTenant();
        if (body == null || body.name() == null || body.name().isBlank()) {
            throw ProblemException.badRequest("Field 'name' is required");
        }
        String name = body.name().strip();
        if (!name.matches(NAME_PATTERN)) {
            throw ProblemException.badRequest("Field 'name' must be 1 to 100 characters without control characters");
        }
        TenantDirectory.IssuedKey key = directory.createKey(tenantId, name, body.roles(), body.userId(), body.expiresAt());
        return Response.created(URI.create("v1/keys/" + key.id())).entity(key).build();
    }

    @GET
    public ItemList<TenantDirectory.KeyView> list(@Context SecurityContext security) {
        return new ItemList<>(directory.listKeys(Caller.of(security).requireTenant()));
    }

    @GET
    @Path("{id}")
    public TenantDirectory.KeyView get(@PathParam("id") String keyId, @Context SecurityContext security) {
        return directory.findKey(Caller.of(security).requireTenant(), keyId)
                .orElseThrow(() -> ProblemException.notFound("No API key with id '" + keyId + "'"));
    }

    /** Revokes the key: refused within 1 s on every node. Answers the revoked key. */
    @DELETE
    @Path("{id}")
    public TenantDirectory.KeyView revoke(@PathParam("id") String keyId, @Context SecurityContext security) {
        return directory.revokeKey(Caller.of(security).requireTenant(), keyId);
    }

    /** Issues a replacement (shown once); the old key keeps working for the rotation grace period. */
    @POST
    @Path("{id}/rotate")
    public Response rotate(@PathParam("id") String keyId, @Context SecurityContext security) {
        TenantDirectory.IssuedKey key = directory.rotateKey(Caller.of(security).requireTenant(), keyId);
        return Response.created(URI.create("v1/keys/" + key.id())).entity(key).build();
    }
}
