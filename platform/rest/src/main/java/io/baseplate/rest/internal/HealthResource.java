package io.baseplate.rest.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jakartars.runtime.JakartarsServiceRuntime;
import org.osgi.service.jakartars.runtime.dto.ApplicationDTO;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * {@code GET /health}: 200 {@code {"status":"UP"}} once the {@code /api} application serves every
 * required resource and extension, 503 with what is still missing before that. Lives in the
 * default application, outside {@code /api}, and needs no key so load balancers can call it.
 */
@Component(service = HealthResource.class, configurationPid = HealthResource.PID)
@Designate(ocd = HealthResource.Config.class)
@JakartarsResource
@JakartarsName("health")
@Path("health")
public class HealthResource {

    public static final String PID = "io.baseplate.health";

    @ObjectClassDefinition(name = "Baseplate health")
    public @interface Config {

        @AttributeDefinition(name = "Required resources", description = "Whiteboard names of /api resources that must be served")
        String[] requiredResources() default {"tenants", "gateways", "payments", "jobs", "events"};

        @AttributeDefinition(name = "Required extensions", description = "Whiteboard names of /api extensions that must be active")
        String[] requiredExtensions() default {"api-key-filter", "jackson", "json-problems", "http-problems"};
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile JakartarsServiceRuntime runtime;

    private volatile Config config;

    @Activate
    @Modified
    void configure(Config configuration) {
        this.config = configuration;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        List<String> missing = missing();
        if (missing.isEmpty()) {
            return Response.ok(Map.of("status", "UP")).build();
        }
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .entity(Map.of("status", "DOWN", "waitingFor", missing)).build();
    }

    private List<String> missing() {
        JakartarsServiceRuntime current = runtime;
        if (current == null) {
            return List.of("jakarta-rest-runtime");
        }
        ApplicationDTO api = Arrays.stream(current.getRuntimeDTO().applicationDTOs)
                .filter(app -> BaseplateApplication.NAME.equals(app.name)).findFirst().orElse(null);
        if (api == null) {
            return List.of("application " + BaseplateApplication.NAME);
        }
        Set<String> resources = Arrays.stream(api.resourceDTOs).map(r -> r.name).collect(Collectors.toSet());
        Set<String> extensions = Arrays.stream(api.extensionDTOs).map(e -> e.name).collect(Collectors.toSet());
        List<String> missing = new ArrayList<>();
        for (String name : config.requiredResources()) {
            if (!resources.contains(name)) {
                missing.add("resource " + name);
            }
        }
        for (String name : config.requiredExtensions()) {
            if (!extensions.contains(name)) {
                missing.add("extension " + name);
            }
        }
        return missing;
    }
}
