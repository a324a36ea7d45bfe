package io.baseplate.bench.baseline;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/v1/gateways}: the authenticated GET of the benchmark. */
@Path("v1/gateways")
@ApiKey
@Produces(MediaType.APPLICATION_JSON)
public class GatewaysResource {

    /** The platform's ItemList envelope. */
    public record ItemList<T>(List<T> items) {
    }

    @GET
    public ItemList<Gateways.GatewayInfo> list() {
        return new ItemList<>(Gateways.list());
    }
}
