package io.baseplate.rest.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.ValidationException;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.MatrixParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.baseplate.api.rest.Problem;
import io.baseplate.api.rest.ProblemTypes;

/**
 * Bean Validation failures as 400 problems of type {@link ProblemTypes#INVALID_REQUEST}, whose detail
 * lists each violation as {@code field: message}, e.g. {@code amount: must be greater than 0}. The
 * field is named as the caller wrote it: the JSON path within the request body ({@code items[2].sku}),
 * or the name of the header, query or path parameter; never the Java method or argument that received
 * it ({@code create.arg1.amount}).
 *
 * <p>A violated constraint on what a resource method returns is the server's fault: a 500, logged.
 * So is any other validation failure (a constraint declared on a type it cannot check, say), which
 * Jersey's own mapper would answer with Hibernate Validator's message, naming Java types, as plain text.
 */
@Component(service = ExceptionMapper.class)
@JakartarsExtension
@JakartarsName("validation-problems")
@JakartarsApplicationSelect(AllApplications.SELECT)
public class ViolationProblems implements ExceptionMapper<ConstraintViolationException> {

    private static final Logger LOG = LoggerFactory.getLogger(ViolationProblems.class);

    /**
     * Validation failures other than violations: declaration errors, so a 500, never the message. Jersey's
     * mapper takes the same exception type; a whiteboard provider comes first among equals.
     */
    @Component(service = ExceptionMapper.class)
    @JakartarsExtension
    @JakartarsName("validation-failures")
    @JakartarsApplicationSelect(AllApplications.SELECT)
    public static class ValidationFailures implements ExceptionMapper<ValidationException> {

        @Override
        public Response toResponse(ValidationException e) {
            if (e instanceof ConstraintViolationException violations) {
                return new ViolationProblems().toResponse(violations);
            }
            return new ProblemMappers.Unexpected().toResponse(e);
        }
    }

    /** The request body as a whole, e.g. when it is missing: {@code body: must not be null}. */
    static final String BODY = "body";
    /** At most this many violations are listed; a body with thousands of bad items gets a bounded answer. */
    static final int MAX_LISTED = 20;
    /** Path segments come from the caller (map keys): a long one is cut short rather than echoed whole. */
    private static final int MAX_ECHOED_SEGMENT = 100;

    @Override
    public Response toResponse(ConstraintViolationException e) {
        Set<ConstraintViolation<?>> violations = e.getConstraintViolations();
        if (violations == null || violations.isEmpty() || violations.stream().anyMatch(ViolationProblems::onReturnValue)) {
            return new ProblemMappers.Unexpected().toResponse(e);
        }
        String detail = describe(violations);
        LOG.debug("Request refused by validation: {}", detail);
        return Response.status(400).type(Problem.MEDIA_TYPE)
                .entity(new Problem(ProblemTypes.INVALID_REQUEST, ProblemBodies.titleOf(400), 400, detail))
                .build();
    }

    /** Every violation as {@code field: message}, sorted and without repeats, joined with {@code "; "}. */
    static String describe(Set<? extends ConstraintViolation<?>> violations) {
        Set<String> lines = new TreeSet<>();
        for (ConstraintViolation<?> violation : violations) {
            lines.add(fieldOf(violation) + ": " + violation.getMessage());
        }
        List<String> listed = lines.stream().limit(MAX_LISTED).toList();
        String detail = String.join("; ", listed);
        return lines.size() > listed.size() ? detail + "; and " + (lines.size() - listed.size()) + " more" : detail;
    }

    /**
     * The field a violation is about, as the caller knows it. Method, constructor and parameter nodes
     * are Java's names, so they are dropped; a parameter that is not the request body is named by its
     * annotation ({@code @HeaderParam("Idempotency-Key")} gives {@code Idempotency-Key}).
     */
    static String fieldOf(ConstraintViolation<?> violation) {
        StringBuilder path = new StringBuilder();
        Path.MethodNode method = null;
        for (Path.Node node : violation.getPropertyPath()) {
            switch (node.getKind()) {
                case METHOD -> method = node.as(Path.MethodNode.class);
                case PARAMETER -> {
                    String name = requestParameterName(violation.getRootBeanClass(), method,
                            node.as(Path.ParameterNode.class).getParameterIndex());
                    if (name != null) {
                        path.append(segment(name));
                    }
                }
                case PROPERTY, BEAN, CONTAINER_ELEMENT -> {
                    appendIndex(path, node);
                    if (node.getKind() == ElementKind.PROPERTY && node.getName() != null) {
                        if (!path.isEmpty()) {
                            path.append('.');
                        }
                        path.append(segment(node.getName()));
                    }
                }
                default -> {
                    // constructors, cross-parameter and return-value nodes name nothing the caller sent
                }
            }
        }
        return path.isEmpty() ? BODY : path.toString();
    }

    /** An element's position in the list, array or map that holds it, written after the container: {@code items[2]}. */
    private static void appendIndex(StringBuilder path, Path.Node node) {
        if (!node.isInIterable()) {
            return;
        }
        if (node.getIndex() != null) {
            path.append('[').append(node.getIndex()).append(']');
        } else if (node.getKey() != null) {
            path.append('[').append(segment(String.valueOf(node.getKey()))).append(']');
        }
    }

    /**
     * The name under which the caller sent a resource method's parameter, or null for the request
     * body (a parameter without a Jakarta REST parameter annotation), whose fields follow in the path.
     */
    static String requestParameterName(Class<?> resource, Path.MethodNode method, int index) {
        if (resource == null || method == null) {
            return null;
        }
        Method declared;
        try {
            declared = resource.getMethod(method.getName(), method.getParameterTypes().toArray(Class<?>[]::new));
        } catch (NoSuchMethodException | SecurityException notPublic) {
            return null;
        }
        if (index < 0 || index >= declared.getParameterCount()) {
            return null;
        }
        for (Annotation annotation : declared.getParameterAnnotations()[index]) {
            String name = parameterName(annotation);
            if (name != null) {
                return name;
            }
        }
        return null;
    }

    private static String parameterName(Annotation annotation) {
        if (annotation instanceof HeaderParam header) {
            return header.value();
        }
        if (annotation instanceof QueryParam query) {
            return query.value();
        }
        if (annotation instanceof PathParam path) {
            return path.value();
        }
        if (annotation instanceof FormParam form) {
            return form.value();
        }
        if (annotation instanceof CookieParam cookie) {
            return cookie.value();
        }
        if (annotation instanceof MatrixParam matrix) {
            return matrix.value();
        }
        return null;
    }

    private static String segment(String name) {
        return name.length() > MAX_ECHOED_SEGMENT ? name.substring(0, MAX_ECHOED_SEGMENT) + "..." : name;
    }

    private static boolean onReturnValue(ConstraintViolation<?> violation) {
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }
}
