package io.baseplate.payments.internal;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

import io.baseplate.api.rest.ItemList;
import io.baseplate.core.support.ApiResource;

/** The payment gateways installed right now, with what each can do; every tenant sees the same list. */
@Component(service = GatewaysResource.class)
@JakartarsResource
@JakartarsName("gateways")
@JakartarsApplicationSelect(ApiResource.APPLICATION)
@Path("v1/gateways")
@Produces(MediaType.APPLICATION_JSON)
public class GatewaysResource {

    private final GatewayRegistry registry;

    @Activate
    public GatewaysResource(@Reference GatewayRegistry registry) {
        this.registry = registry;
    }

    @GET
    public ItemList<GatewayRegistry.GatewayInfo> list() {
        return new ItemList<>(registry.list());
    }
}
