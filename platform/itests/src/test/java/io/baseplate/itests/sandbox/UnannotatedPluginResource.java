package io.baseplate.itests.sandbox;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A plugin's resource whose author forgot every security annotation: the platform must still demand a key. */
@Path("v1/plugin-hello")
public class UnannotatedPluginResource {

    public static final String PATH = "/api/v1/plugin-hello";

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String hello() {
        return "hello";
    }
}
