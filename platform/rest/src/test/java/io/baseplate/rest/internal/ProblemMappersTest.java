package io.baseplate.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.time.Instant;
import java.util.Map;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import org.junit.jupiter.api.Test;

import io.baseplate.api.domain.DomainException;
import io.baseplate.api.rest.Problem;
import io.baseplate.api.rest.ProblemException;

class ProblemMappersTest {

    private final JsonProvider json = new JsonProvider();

    @Test
    void aDomainRefusalIsAnsweredWithItsKindsStatusAndItsSentence() {
        Map<DomainException.Kind, Integer> statuses = Map.of(DomainException.Kind.INVALID, 400,
                DomainException.Kind.FORBIDDEN, 403, DomainException.Kind.NOT_FOUND, 404,
                DomainException.Kind.CONFLICT, 409, DomainException.Kind.REJECTED, 422);
        assertEquals(DomainException.Kind.values().length, statuses.size(), "every kind has its status");
        statuses.forEach((kind, status) -> {
            Response response = new ProblemMappers.DomainProblems().toResponse(new DomainException(kind, "Why: " + kind));
            Problem problem = (Problem) response.getEntity();
            assertEquals(status, response.getStatus());
            assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
            assertEquals(status, problem.status());
            assertEquals("Why: " + kind, problem.detail());
            assertEquals(ProblemBodies.titleOf(status), problem.title());
        });
    }

    @Test
    void malformedJsonIsA400ProblemNamingWhereTheParserStopped() {
        JsonParseException e = assertThrowsParse("{\"amount\": ");
        Response response = new ProblemMappers.MalformedJson().toResponse(e);
        Problem problem = (Problem) response.getEntity();
        assertEquals(400, response.getStatus());
        assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
        assertEquals("Malformed JSON: the body ends too early at line 1, column 12", problem.detail());
    }

    @Test
    void aTypeJacksonCannotBindIsOurFaultNotTheCallers() {
        record Unbindable(Object self) {
        }
        ObjectMapper mapper = json.locateMapper(Object.class, MediaType.APPLICATION_JSON_TYPE);
        var e = assertThrows(InvalidDefinitionException.class, () -> mapper.writeValueAsString(new Unbindable(new Object())));
        Response response = new ProblemMappers.MalformedJson().toResponse(e);
        assertEquals(500, response.getStatus());
        assertEquals("An unexpected error occurred; it has been logged", ((Problem) response.getEntity()).detail());
    }

    @Test
    void anUnreadableRequestBodyIsA400() {
        Response response = new ProblemMappers.UnreadableRequest().toResponse(
                new ProcessingException(new EOFException("Early EOF")));
        assertEquals(400, response.getStatus());
        assertEquals(Problem.of(400, "Bad Request", "The request body could not be read"), response.getEntity());
    }

    @Test
    void processingExceptionsAreAnsweredAsTheProblemTheyWrap() {
        ProblemException tooLarge = BoundedBodyStream.tooLarge(10);
        assertSame(tooLarge.getResponse(),
                new ProblemMappers.UnreadableRequest().toResponse(new ProcessingException(new RuntimeException(tooLarge))));

        JsonParseException malformed = assertThrowsParse("{");
        Response json = new ProblemMappers.UnreadableRequest().toResponse(new ProcessingException(malformed));
        assertEquals(400, json.getStatus());
        assertTrue(((Problem) json.getEntity()).detail().startsWith("Malformed JSON"));

        Response other = new ProblemMappers.UnreadableRequest().toResponse(
                new ProcessingException(new IllegalStateException("no writer")));
        assertEquals(500, other.getStatus());
    }

    @Test
    void unknownFieldsAreNamed() throws Exception {
        ObjectMapper mapper = json.locateMapper(Object.class, MediaType.APPLICATION_JSON_TYPE);
        record Body(String name) {
        }
        var e = assertThrows(
                UnrecognizedPropertyException.class,
                () -> mapper.readValue("{\"name\": \"a\", \"nmae\": \"b\"}", Body.class));
        assertEquals("Unknown field 'nmae'", ((Problem) new ProblemMappers.MalformedJson().toResponse(e).getEntity()).detail());
    }

    @Test
    void problemResponsesPassThroughUnchanged() {
        ProblemException e = ProblemException.unprocessable("No payment gateway serves currency BRL");
        assertSame(e.getResponse(), new ProblemMappers.HttpErrors().toResponse(e));
    }

    @Test
    void bareHttpErrorsBecomeProblemsAndKeepTheirHeaders() {
        Response notFound = new ProblemMappers.HttpErrors().toResponse(new NotFoundException());
        assertEquals(404, notFound.getStatus());
        assertEquals(Problem.of(404, "Not Found", "No resource at this path"), notFound.getEntity());

        Response notAllowed = new ProblemMappers.HttpErrors().toResponse(
                new NotAllowedException(Response.status(405).allow("GET", "POST").build()));
        assertEquals(405, notAllowed.getStatus());
        assertEquals(Problem.MEDIA_TYPE, notAllowed.getMediaType().toString());
        assertTrue(notAllowed.getHeaderString("Allow").contains("POST"), notAllowed.getHeaderString("Allow"));
    }

    @Test
    void unexpectedErrorsAreA500WithoutInternals() {
        Response response = new ProblemMappers.Unexpected().toResponse(new IllegalStateException("db password is hunter2"));
        Problem problem = (Problem) response.getEntity();
        assertEquals(500, response.getStatus());
        assertEquals("An unexpected error occurred; it has been logged", problem.detail());
    }

    @Test
    void timesAreWrittenAsIsoStrings() throws Exception {
        ObjectMapper mapper = json.locateMapper(Object.class, MediaType.APPLICATION_JSON_TYPE);
        assertEquals("{\"at\":\"2026-01-02T03:04:05Z\"}",
                mapper.writeValueAsString(Map.of("at", Instant.parse("2026-01-02T03:04:05Z"))));
    }

    private static JsonParseException assertThrowsParse(String body) {
        return assertThrows(JsonParseException.class,
                () -> new ObjectMapper().readTree(body));
    }
}
