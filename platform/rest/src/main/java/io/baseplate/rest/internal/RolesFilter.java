package io.baseplate.rest.internal;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.stream.Collectors;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

import io.baseplate.api.rest.ProblemException;
import io.baseplate.api.security.Caller;
import io.baseplate.api.security.RolesAllowed;

/** The {@link RolesAllowed} decorator: 403 unless the caller holds one of the roles the method (or else its class) names. */
@Component(service = ContainerRequestFilter.class)
@JakartarsExtension
@JakartarsName("roles-allowed")
@JakartarsApplicationSelect(AllApplications.SELECT)
@RolesAllowed({})
@Priority(Priorities.AUTHORIZATION)
public class RolesFilter implements ContainerRequestFilter {

    @Context
    private ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        Method method = resource.getResourceMethod();
        RolesAllowed allowed = method.isAnnotationPresent(RolesAllowed.class)
                ? method.getAnnotation(RolesAllowed.class)
                : resource.getResourceClass().getAnnotation(RolesAllowed.class);
        Caller caller = Caller.of(request.getSecurityContext());
        if (allowed == null || !caller.hasAnyRole(allowed.value())) {
            throw ProblemException.forbidden("This route needs one of the roles "
                    + (allowed == null ? "" : Arrays.stream(allowed.value()).map(Enum::name).collect(Collectors.joining(", ")))
                    + "; this key has " + (caller.roles().isEmpty() ? "none"
                            : caller.roles().stream().map(Enum::name).sorted().collect(Collectors.joining(", "))));
        }
    }
}
