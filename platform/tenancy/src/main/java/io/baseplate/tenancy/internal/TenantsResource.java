package io.baseplate.tenancy.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Providers;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

import io.baseplate.api.rest.ItemList;
import io.baseplate.api.rest.ProblemException;
import io.baseplate.api.security.Role;
import io.baseplate.api.security.RolesAllowed;
import io.baseplate.core.support.ApiResource;

/** Tenant administration: create, list, suspend, reactivate, delete, issue service keys. The platform admin only. */
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

    /**
     * Lists tenants in id order, a page at a time: {@code ?after=<the last id of the previous page>}; a full
     * page carries a {@code Link: <...>; rel="next"} header.
     */
    @GET
    public Response list(@QueryParam("after") String after, @QueryParam("limit") @DefaultValue("100") int limit) {
        int size = Math.max(1, Math.min(limit, TenantDirectory.MAX_PAGE));
        List<TenantDirectory.Tenant> page = tenants.listTenants(after, size);
        Response.ResponseBuilder response = Response.ok(new ItemList<>(page));
        if (page.size() == size) {
            response.header("Link", "<v1/tenants?limit=" + size + "&after="
                    + URLEncoder.encode(page.get(page.size() - 1).id(), StandardCharsets.UTF_8) + ">; rel=\"next\"");
        }
        return response.build();
    }

    @GET
    @Path("{id}")
    public TenantDirectory.Tenant get(@PathParam("id") String tenantId) {
        return tenants.find(tenantId).orElseThrow(() -> ProblemException.notFound("No tenant with id '" + tenantId + "'"));
    }

    /** Its keys get 403 until it is reactivated; its data stays. */
    @POST
    @Path("{id}/suspend")
    public TenantDirectory.Tenant suspend(@PathParam("id") String tenantId) {
        return tenants.suspend(tenantId);
    }

    @POST
    @Path("{id}/reactivate")
    public TenantDirectory.Tenant reactivate(@PathParam("id") String tenantId) {
        return tenants.reactivate(tenantId);
    }

    /** Deletes the tenant and all its data; {@code ?confirm=} must be the tenant's name. 204. */
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String tenantId, @QueryParam("confirm") String confirm) {
        tenants.delete(tenantId, confirm);
        return Response.noContent().build();
    }

    /** Optional body of {@code POST /api/v1/tenants/{id}/keys}. */
    public record NewServiceKey(Set<Role> roles) {
    }

    /**
     * Issues a key of the tenant's service account: TENANT_ADMIN, unless a JSON body names roles
     * ({@code {"roles": ["OPERATOR"]}}). The body is optional, so scripts may post nothing, with or without a
     * Content-Type. Answers {@code {id, key, prefix, ...}}; the key is shown this once.
     */
    @POST
    @Path("{id}/keys")
    public Response issueKey(@PathParam("id") String tenantId, byte[] body, @Context Providers providers,
                             @Context HttpHeaders headers) throws IOException {
        NewServiceKey request = null;
        if (body != null && !new String(body, StandardCharsets.UTF_8).isBlank()) {
            request = providers.getMessageBodyReader(NewServiceKey.class, NewServiceKey.class, new Annotation[0],
                            MediaType.APPLICATION_JSON_TYPE)
                    .readFrom(NewServiceKey.class, NewServiceKey.class, new Annotation[0], MediaType.APPLICATION_JSON_TYPE,
                            headers.getRequestHeaders(), new ByteArrayInputStream(body));
        }
        TenantDirectory.IssuedKey key = tenants.issueKey(tenantId, request == null ? null : request.roles())
                .orElseThrow(() -> ProblemException.notFound("No tenant with id '" + tenantId + "'"));
        return Response.status(Response.Status.CREATED).entity(key).build();
    }
}
