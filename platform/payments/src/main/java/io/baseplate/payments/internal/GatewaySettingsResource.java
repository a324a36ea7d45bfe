package io.baseplate.payments.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
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
import io.baseplate.api.security.RateLimited;
import io.baseplate.api.security.Role;
import io.baseplate.api.security.RolesAllowed;
import io.baseplate.api.security.Sensitive;
import io.baseplate.core.support.ApiResource;

/**
 * A tenant's gateways: which installed gateways serve it, in which mode, with which of its own credentials
 * (write-only: they are never returned), and in which order per market. Tenant admins only.
 */
@Component(service = GatewaySettingsResource.class)
@JakartarsResource
@JakartarsName("payment-gateways")
@JakartarsApplicationSelect(ApiResource.APPLICATION)
@Path("v1")
@RolesAllowed(Role.TENANT_ADMIN)
@RateLimited
@Sensitive
@Produces(MediaType.APPLICATION_JSON)
public class GatewaySettingsResource {

    /** Request body of {@code PUT /api/v1/payment-gateways/{gatewayId}}; a missing field keeps what is stored. */
    public record SettingRequest(Boolean enabled,
                                 @Pattern(regexp = "(?i)sandbox|live", message = "must be 'sandbox' or 'live'")
                                 String mode,
                                 Map<String, String> credentials,
                                 @Size(max = 2000, message = "must be at most {max} characters")
                                 String webhookSecret) {
    }

    /** Request body of {@code PUT /api/v1/payment-routes/{currency}}. */
    public record RouteRequest(@NotNull(message = "is required")
                               @Size(min = 1, max = 10, message = "must name 1 to 10 gateways")
                               List<String> gateways) {
    }

    private final TenantGateways gateways;

    @Activate
    public GatewaySettingsResource(@Reference TenantGateways gateways) {
        this.gateways = gateways;
    }

    @GET
    @Path("payment-gateways")
    public ItemList<TenantGateways.Setting> settings(@Context SecurityContext security) {
        return new ItemList<>(gateways.settings(Caller.of(security).requireTenant()));
    }

    @PUT
    @Path("payment-gateways/{gatewayId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public TenantGateways.Setting change(@PathParam("gatewayId") String gatewayId,
                                         @Valid @NotNull SettingRequest body, @Context SecurityContext security) {
        return gateways.change(Caller.of(security).requireTenant(), gatewayId, new TenantGateways.SettingChange(
                body.enabled(), body.mode(), body.credentials(), body.webhookSecret()));
    }

    @GET
    @Path("payment-routes")
    public ItemList<TenantGateways.Route> routes(@Context SecurityContext security) {
        return new ItemList<>(gateways.routes(Caller.of(security).requireTenant()));
    }

    /** Sets the ordered gateways for a currency, and for buyers of one country when {@code country} is given. */
    @PUT
    @Path("payment-routes/{currency}")
    @Consumes(MediaType.APPLICATION_JSON)
    public TenantGateways.Route putRoute(@PathParam("currency") String currency, @QueryParam("country") String country,
                                         @Valid @NotNull RouteRequest body, @Context SecurityContext security) {
        return gateways.putRoute(Caller.of(security).requireTenant(), currencyCode(currency), countryCode(country),
                body.gateways());
    }

    @DELETE
    @Path("payment-routes/{currency}")
    public Response deleteRoute(@PathParam("currency") String currency, @QueryParam("country") String country,
                                @Context SecurityContext security) {
        if (!gateways.deleteRoute(Caller.of(security).requireTenant(), currencyCode(currency), countryCode(country))) {
            throw ProblemException.notFound("No route for " + currency + (country == null ? "" : " in " + country));
        }
        return Response.noContent().build();
    }

    private static String currencyCode(String currency) {
        if (!currency.matches("[A-Za-z]{3}")) {
            throw ProblemException.badRequest("currency must be a three-letter ISO 4217 code");
        }
        return currency.toUpperCase(Locale.ROOT);
    }

    private static String countryCode(String country) {
        if (country == null) {
            return null;
        }
        if (!country.matches("[A-Za-z]{2}")) {
            throw ProblemException.badRequest("country must be a two-letter ISO 3166-1 code");
        }
        return country.toUpperCase(Locale.ROOT);
    }
}
