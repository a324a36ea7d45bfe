package io.baseplate.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.Test;

import io.baseplate.api.rest.Problem;
import io.baseplate.api.rest.ProblemTypes;

/**
 * The feature and the mapper in a Jersey application, as the whiteboard assembles it. Jakarta EL is
 * not on this class path: had Jersey bootstrapped Hibernate Validator with its defaults, the first
 * validated request would fail with a 500.
 */
class BeanValidationTest {

    public record Charge(@NotNull @Positive Long amount) {
    }

    @Path("charges")
    public static class Charges {
        @POST
        @Consumes(MediaType.APPLICATION_JSON)
        @Produces(MediaType.APPLICATION_JSON)
        public Charge create(@Valid @NotNull Charge body) {
            return body;
        }
    }

    /** A constraint Hibernate Validator cannot check: {@code @Past} on text. */
    public record Misdeclared(@Past String day) {
    }

    @Path("misdeclared")
    public static class MisdeclaredResource {
        @POST
        @Consumes(MediaType.APPLICATION_JSON)
        @Produces(MediaType.APPLICATION_JSON)
        public Misdeclared create(@Valid Misdeclared body) {
            return body;
        }
    }

    private final ApplicationHandler application = new ApplicationHandler(new ResourceConfig()
            .property("jersey.config.server.disableAutoDiscovery", true)
            .property("jersey.config.server.disableMetainfServicesLookup", true)
            .register(new BeanValidation())
            .register(new ViolationProblems())
            .register(new ViolationProblems.ValidationFailures())
            .register(new ProblemMappers.Unexpected())
            .register(new JsonProvider())
            .register(Charges.class)
            .register(MisdeclaredResource.class));

    @Test
    void aValidBodyReachesTheResource() throws Exception {
        ContainerResponse response = post("{\"amount\": 4999}");

        assertEquals(200, response.getStatus());
        assertEquals(new Charge(4999L), response.getEntity());
    }

    @Test
    void aViolationIsA400ProblemNamingTheJsonField() throws Exception {
        ContainerResponse response = post("{\"amount\": 0}");

        assertEquals(400, response.getStatus());
        assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
        assertEquals(new Problem(ProblemTypes.INVALID_REQUEST, "Bad Request", 400, "amount: must be greater than 0"),
                response.getEntity());
    }

    @Test
    void aMissingFieldIsNamed() throws Exception {
        assertEquals("amount: must not be null", ((Problem) post("{}").getEntity()).detail());
    }

    @Test
    void aMisdeclaredConstraintIsA500ProblemThatNamesNoJavaType() throws Exception {
        ContainerResponse response = post("misdeclared", "{\"day\": \"monday\"}");

        assertEquals(500, response.getStatus());
        assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
        Problem problem = (Problem) response.getEntity();
        assertEquals(ProblemTypes.SERVER_ERROR, problem.type());
        assertEquals("An unexpected error occurred; it has been logged", problem.detail());
    }

    private ContainerResponse post(String json) throws Exception {
        return post("charges", json);
    }

    private ContainerResponse post(String path, String json) throws Exception {
        ContainerRequest request = new ContainerRequest(URI.create("http://localhost/"), URI.create("http://localhost/" + path),
                "POST", null, new MapPropertiesDelegate(), application.getConfiguration());
        request.getHeaders().putSingle("Content-Type", MediaType.APPLICATION_JSON);
        request.getHeaders().putSingle("Accept", MediaType.APPLICATION_JSON + ", " + Problem.MEDIA_TYPE);
        request.setEntityStream(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        return application.apply(request, new ByteArrayOutputStream()).get();
    }
}
