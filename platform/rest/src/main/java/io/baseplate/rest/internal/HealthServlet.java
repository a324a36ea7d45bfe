package io.baseplate.rest.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jakartars.runtime.JakartarsServiceRuntime;
import org.osgi.service.jakartars.runtime.dto.ApplicationDTO;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.baseplate.api.rest.Problem;
import io.baseplate.api.rest.ProblemTypes;

/**
 * {@code GET /health}: 200 {@code {"status":"UP"}} once the {@code /api} application serves every
 * required resource and extension; before that, and from the moment the platform begins to stop,
 * 503 as a problem body whose {@code state} is {@code STARTING} (with {@code waitingFor}) or {@code STOPPING}. A plain servlet on
 * the HTTP whiteboard, so it answers as soon as Jetty listens, before the REST runtime is up, and
 * needs no key so load balancers can call it.
 */
@Component(service = Servlet.class, configurationPid = HealthServlet.PID)
@Designate(ocd = HealthServlet.Config.class)
@HttpWhiteboardServletPattern("/health")
public class HealthServlet extends HttpServlet {

    public static final String PID = "io.baseplate.health";
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @ObjectClassDefinition(name = "Baseplate health")
    public @interface Config {

        @AttributeDefinition(name = "Required resources", description = "Whiteboard names of /api resources that must be served")
        String[] requiredResources() default {"tenants", "gateways", "payments", "jobs"};

        @AttributeDefinition(name = "Required extensions", description = "Whiteboard names of /api extensions that must be active")
        String[] requiredExtensions() default {"authentication", "roles-allowed", "rate-limited", "jackson", "json-problems",
                "http-problems", "processing-problems", "domain-problems", "request-body-limit",
                "bean-validation", "validation-problems", "validation-failures"};
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile JakartarsServiceRuntime runtime;

    @Reference
    private transient RequestGate gate;

    private transient volatile Config config;

    @Activate
    @Modified
    void configure(Config configuration) {
        this.config = configuration;
    }

    /** Only GET and HEAD; anything else is a 405 problem rather than the servlet API's HTML page. */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method)) {
            super.service(request, response);
        } else {
            response.setHeader("Allow", "GET, HEAD");
            ProblemBodies.send(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        if (gate.isStopping()) {
            response.setHeader("Retry-After", Integer.toString(gate.retryAfterSeconds()));
            sendDown(response, "STOPPING", "Baseplate is stopping", List.of());
            return;
        }
        List<String> missing = missing();
        if (missing.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType("application/json");
            JSON.writeValue(response.getOutputStream(), Map.of("status", "UP"));
        } else {
            sendDown(response, "STARTING", "Baseplate is starting: waiting for " + String.join(", ", missing), missing);
        }
    }

    /** 503 as a problem, with the state and what is missing as extension members. */
    private static void sendDown(HttpServletResponse response, String state, String detail, List<String> waitingFor)
            throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", ProblemTypes.UNAVAILABLE);
        problem.put("title", ProblemBodies.titleOf(HttpServletResponse.SC_SERVICE_UNAVAILABLE));
        problem.put("status", HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        problem.put("detail", detail);
        problem.put("state", state);
        problem.put("waitingFor", waitingFor);
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType(Problem.MEDIA_TYPE);
        JSON.writeValue(response.getOutputStream(), problem);
    }

    private List<String> missing() {
        JakartarsServiceRuntime current = runtime;
        if (current == null) {
            return List.of("jakarta-rest-runtime");
        }
        // The /api application is the whiteboard's default one, which the runtime reports on its own; until
        // it is registered the runtime's implicit default stands there, without the required resources.
        ApplicationDTO api = current.getRuntimeDTO().defaultApplication;
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
