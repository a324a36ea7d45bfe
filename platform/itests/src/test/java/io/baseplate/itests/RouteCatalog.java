package io.baseplate.itests;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.jakartars.runtime.JakartarsServiceRuntime;
import org.osgi.service.jakartars.runtime.dto.ResourceDTO;

import io.baseplate.api.security.Public;
import io.baseplate.api.security.Role;
import io.baseplate.api.security.RolesAllowed;

/**
 * Every route the {@code /api} application serves at this moment, with the roles it names, read from the REST
 * whiteboard's runtime and the resources' annotations. Used inside the container only: JUnit loads test classes
 * outside it too, where the API bundle's classes are not on the class path.
 */
final class RouteCatalog {

    static final String PLATFORM_ADMIN = Role.PLATFORM_ADMIN.name();

    /** One route: HTTP method, path template, the names of the roles it allows (empty: any caller) and whether it is public. */
    record Route(String method, String path, Set<String> roles, boolean isPublic) {

        String concretePath(String id) {
            return path.replaceAll("\\{[^}]+}", id);
        }

        boolean hasId() {
            return path.contains("{");
        }

        boolean platformAdminOnly() {
            return roles.equals(Set.of(PLATFORM_ADMIN));
        }

        /** A role this route does not allow. */
        String outsiderRole() {
            return roleNames().stream().filter(role -> !roles.contains(role)).findFirst().orElseThrow();
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private RouteCatalog() {
    }

    static List<String> roleNames() {
        return Arrays.stream(Role.values()).map(Enum::name).toList();
    }

    static List<Route> of(BundleContext context) throws Exception {
        ServiceReference<JakartarsServiceRuntime> reference = context.getServiceReference(JakartarsServiceRuntime.class);
        JakartarsServiceRuntime runtime = context.getService(reference);
        List<Route> routes = new ArrayList<>();
        try {
            for (ResourceDTO resource : runtime.getRuntimeDTO().defaultApplication.resourceDTOs) {
                ServiceReference<?> service = context.getServiceReferences((String) null, "(service.id=" + resource.serviceId + ")")[0];
                Class<?> type = context.getService(service).getClass();
                try {
                    for (Method method : type.getMethods()) {
                        String httpMethod = httpMethodOf(method);
                        if (httpMethod != null) {
                            routes.add(new Route(httpMethod, pathOf(type, method), rolesOf(type, method),
                                    method.isAnnotationPresent(Public.class) || type.isAnnotationPresent(Public.class)));
                        }
                    }
                } finally {
                    context.ungetService(service);
                }
            }
        } finally {
            context.ungetService(reference);
        }
        // The event stream is a servlet beside the Jakarta REST application: any tenant caller may open one.
        routes.add(new Route("GET", "/api/v1/events", roleNames().stream().filter(role -> !PLATFORM_ADMIN.equals(role))
                .collect(Collectors.toSet()), false));
        return routes;
    }

    private static String httpMethodOf(Method method) {
        return Arrays.stream(method.getAnnotations())
                .map(annotation -> annotation.annotationType().getAnnotation(HttpMethod.class))
                .filter(httpMethod -> httpMethod != null).map(HttpMethod::value).findFirst().orElse(null);
    }

    private static String pathOf(Class<?> type, Method method) {
        StringBuilder path = new StringBuilder("/api");
        for (Path part : new Path[] {type.getAnnotation(Path.class), method.getAnnotation(Path.class)}) {
            if (part != null && !part.value().isBlank()) {
                String value = part.value().replaceAll("/+$", "");
                path.append(value.startsWith("/") ? "" : "/").append(value);
            }
        }
        return path.toString().replaceAll("\\{(\\w+)\\s*:[^}]*}", "{$1}");
    }

    private static Set<String> rolesOf(Class<?> type, Method method) {
        RolesAllowed allowed = method.isAnnotationPresent(RolesAllowed.class)
                ? method.getAnnotation(RolesAllowed.class) : type.getAnnotation(RolesAllowed.class);
        return allowed == null ? Set.of()
                : EnumSet.copyOf(Arrays.asList(allowed.value())).stream().map(Enum::name).collect(Collectors.toSet());
    }
}
